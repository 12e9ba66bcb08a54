/** The call list's URL filters and the LlmCallFilter they ask for. */
import { describe, expect, test } from 'vitest';
import { fromLocalInput, hasFilters, modelOfKey, toCallFilter, toLocalInput } from '../../client/src/pages/llm/call-filter.js';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('toCallFilter', () => {
  test('lists pass through; unknown statuses are dropped', () => {
    expect(toCallFilter({ status: ['FAILED', 'nope'], model: ['demo-model'], source: ['summarize'], requestedBy: ['ana'] }, NOW)).toEqual({
      status: ['FAILED'],
      model: ['demo-model'],
      source: ['summarize'],
      requestedBy: ['ana'],
    });
  });

  test('a preset range becomes an absolute since at the given time', () => {
    expect(toCallFilter({ range: '1h' }, NOW)).toEqual({ since: new Date(NOW - 3_600_000).toISOString() });
    expect(toCallFilter({ range: '7d' }, NOW).since).toBe(new Date(NOW - 7 * 86_400_000).toISOString());
  });

  test('a custom range uses since and until; bad dates are left out', () => {
    expect(toCallFilter({ range: 'custom', since: '2024-05-01T10:00:00Z', until: 'garbage' }, NOW)).toEqual({ since: '2024-05-01T10:00:00.000Z' });
    // since/until without the custom range are ignored (left over from an earlier choice).
    expect(toCallFilter({ since: '2024-05-01T10:00:00Z' }, NOW)).toEqual({});
  });

  test('hasFilters', () => {
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ status: [] })).toBe(false);
    expect(hasFilters({ range: '1h' })).toBe(true);
  });
});

describe('datetime-local inputs', () => {
  test('round trip in the local zone', () => {
    const iso = new Date(2024, 4, 1, 9, 30).toISOString();
    expect(toLocalInput(iso)).toBe('2024-05-01T09:30');
    expect(fromLocalInput('2024-05-01T09:30')).toBe(iso);
    expect(fromLocalInput('')).toBeUndefined();
    expect(toLocalInput('nope')).toBe('');
  });

  test('modelOfKey takes the model from provider:model', () => {
    expect(modelOfKey('demo:demo-model')).toBe('demo-model');
    expect(modelOfKey('local:llama3:8b')).toBe('llama3:8b');
    expect(modelOfKey('plain')).toBe('plain');
  });
});
