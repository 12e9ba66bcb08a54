/** Audit entries' details as the audit page shows them (client/src/pages/audit/audit-diff.ts). */
import { describe, expect, test } from 'vitest';
import { flattenChange, formatValue, readDetails, summarize, targetHref } from '../../client/src/pages/audit/audit-diff.js';

describe('readDetails', () => {
  test("an update's diff: one line per field, nested objects by their changed leaves", () => {
    const details = {
      diff: {
        name: { from: 'one', to: 'one!' },
        trigger: { from: { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' }, to: { kind: 'CRON', cron: '30 4 * * *', timezone: 'UTC' } },
        description: { from: null, to: 'sent daily' },
        retryPolicy: { from: { maxRetries: 3, backoffSeconds: [30, 60] }, to: { maxRetries: 3, backoffSeconds: [10] } },
      },
    };
    expect(readDetails('schedule.update', details)).toEqual({
      changes: [
        { path: 'name', before: 'one', after: 'one!' },
        { path: 'trigger.cron', before: '0 3 * * *', after: '30 4 * * *' },
        { path: 'description', before: null, after: 'sent daily' },
        { path: 'retryPolicy.backoffSeconds', before: [30, 60], after: [10] },
      ],
      facts: [],
      implied: false,
    });
  });

  test('a trigger that changes kind: fields that appear or disappear have one side only', () => {
    const changes = flattenChange('trigger', { kind: 'CRON', cron: '0 3 * * *' }, { kind: 'INTERVAL', everySeconds: 60 });
    expect(changes).toEqual([
      { path: 'trigger.cron', before: '0 3 * * *' },
      { path: 'trigger.everySeconds', after: 60 },
      { path: 'trigger.kind', before: 'CRON', after: 'INTERVAL' },
    ]);
    expect(flattenChange('x', { a: 1 }, { a: 1 })).toEqual([]);
    expect(flattenChange('payload', null, { ms: 1 })).toEqual([{ path: 'payload', before: null, after: { ms: 1 } }]);
  });

  test('a creation lists the values it was created with; a deletion the last values; empty ones are left out', () => {
    expect(readDetails('schedule.create', { after: { name: 'n', description: null, enabled: true } }).changes).toEqual([
      { path: 'name', after: 'n' },
      { path: 'enabled', after: true },
    ]);
    expect(readDetails('schedule.delete', { before: { name: 'n', alertAfterFailures: undefined } }).changes).toEqual([{ path: 'name', before: 'n' }]);
  });

  test('enable and disable record no details: the change is implied by the action', () => {
    expect(readDetails('schedule.enable', null)).toEqual({ changes: [{ path: 'enabled', before: false, after: true }], facts: [], implied: true });
    expect(readDetails('schedule.disable', undefined).changes).toEqual([{ path: 'enabled', before: true, after: false }]);
  });

  test('other details are facts; odd shapes are shown, never dropped', () => {
    expect(readDetails('job.retry', { newJobId: 'j2', fromCheckpoint: false })).toEqual({
      changes: [],
      facts: [
        { key: 'newJobId', value: 'j2' },
        { key: 'fromCheckpoint', value: false },
      ],
      implied: false,
    });
    expect(readDetails('job.enqueue', null)).toEqual({ changes: [], facts: [], implied: false });
    expect(readDetails('x.y', 'text').facts).toEqual([{ key: 'details', value: 'text' }]);
    expect(readDetails('x.y', { diff: { weird: 5 } }).facts).toEqual([{ key: 'diff.weird', value: 5 }]);
  });
});

describe('summarize', () => {
  test('one line per entry for the table', () => {
    expect(summarize('schedule.update', { diff: { name: { from: 'a', to: 'b' } } })).toBe('name: "a" → "b"');
    expect(summarize('schedule.update', { diff: { name: { from: 'a', to: 'b' }, enabled: { from: true, to: false } } })).toBe('2 fields: name, enabled');
    expect(summarize('schedule.update', { diff: {} })).toBe('no field changed');
    expect(summarize('schedule.create', { after: { name: 'nightly' } })).toBe('created "nightly"');
    expect(summarize('schedule.delete', { before: { name: 'nightly' } })).toBe('deleted "nightly"');
    expect(summarize('schedule.disable', null)).toBe('enabled: true → false');
    expect(summarize('job.deleteMany', { filter: { status: ['FAILED'] }, count: 3 })).toBe('filter: {"status":["FAILED"]} · count: 3');
    expect(summarize('alert.acknowledge', { scheduleId: null })).toBe('');
  });
});

describe('formatValue and targetHref', () => {
  test('values read unambiguously', () => {
    expect(formatValue('1')).toBe('"1"');
    expect(formatValue(1)).toBe('1');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(undefined)).toBe('(none)');
    expect(formatValue({ a: [1] })).toBe('{"a":[1]}');
  });

  test('schedules and jobs have pages; bulk targets and other types do not', () => {
    expect(targetHref('schedule', 'a b')).toBe('/schedules/a%20b');
    expect(targetHref('job', 'j1')).toBe('/jobs/j1');
    expect(targetHref('job', '*')).toBeNull();
    expect(targetHref('alert', 'a1')).toBeNull();
  });
});
