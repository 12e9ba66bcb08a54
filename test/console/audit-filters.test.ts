/** The audit and alerts pages' URL filters (client/src/pages/audit/audit-filters.ts, alerts/alert-filters.ts). */
import { describe, expect, test } from 'vitest';
import { alertVariables, showOf, showParam } from '../../client/src/pages/alerts/alert-filters.js';
import { readFilters } from '../../client/src/lib/url-state.js';
import { AUDIT_FILTER_SPEC, fromLocalInput, hasFilters, splitList, toAuditFilter, toLocalInput, validInstant } from '../../client/src/pages/audit/audit-filters.js';

describe('audit filters', () => {
  test('the URL as an AuditFilter: lists, trimmed id, instants normalised, malformed times left out', () => {
    const values = readFilters(
      { actor: 'ann,bob', action: 'schedule.update', targetType: 'schedule', targetId: ' s1 ', since: '2025-03-01T10:00:00+01:00', until: 'yesterday' },
      AUDIT_FILTER_SPEC,
    );
    expect(toAuditFilter(values)).toEqual({
      actor: ['ann', 'bob'],
      action: ['schedule.update'],
      targetType: 'schedule',
      targetId: 's1',
      since: '2025-03-01T09:00:00.000Z',
    });
    expect(toAuditFilter({})).toEqual({});
    expect(hasFilters({ until: 'nonsense' })).toBe(false);
    expect(hasFilters({ targetId: 'x' })).toBe(true);
    expect(validInstant('')).toBeUndefined();
  });

  test('datetime-local values round-trip through instants in the browser zone', () => {
    const iso = fromLocalInput('2025-06-30T23:45');
    expect(iso).toBe(new Date(2025, 5, 30, 23, 45).toISOString());
    expect(toLocalInput(iso)).toBe('2025-06-30T23:45');
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('2025-13-40T99:99')).toBeUndefined();
    expect(toLocalInput(undefined)).toBe('');
    expect(toLocalInput('garbage')).toBe('');
  });

  test('comma lists: trimmed, no empties, no duplicates', () => {
    expect(splitList(' ann, bob ,, ann ,')).toEqual(['ann', 'bob']);
    expect(splitList('')).toEqual([]);
  });
});

describe('alert filters', () => {
  test('open by default; acknowledged and all; by schedule', () => {
    expect(showOf({})).toBe('open');
    expect(showOf({ show: 'bogus' })).toBe('open');
    expect(alertVariables({})).toEqual({ open: true });
    expect(alertVariables({ show: 'acknowledged', scheduleId: 's1' })).toEqual({ open: false, scheduleId: 's1' });
    expect(alertVariables({ show: 'all' })).toEqual({});
    expect(showParam('open')).toBeUndefined();
    expect(showParam('all')).toBe('all');
  });
});
