/**
 * Live schedule events applied to the open page of the list (ordered by name): a changed schedule is
 * updated in place; anything that changes which rows the page holds (created, deleted, renamed, in or
 * out of the filter) asks for the page again instead of guessing its place and the total.
 */
import { rowMatches, type ApiScheduleFilter, type FilterableRow } from './filters.js';

export interface LiveRow extends FilterableRow {
  id: string;
}

export interface LiveEvent<R extends LiveRow> {
  kind: 'CREATED' | 'UPDATED' | 'DELETED' | 'RUN';
  scheduleId: string;
  schedule?: R | null;
}

export function applyScheduleEvent<R extends LiveRow>(rows: readonly R[], event: LiveEvent<R>, filter: ApiScheduleFilter): { rows: readonly R[]; refetch: boolean } {
  const at = rows.findIndex((r) => r.id === event.scheduleId);
  if (event.kind === 'DELETED') {
    return at < 0 ? { rows, refetch: true } : { rows: rows.filter((r) => r.id !== event.scheduleId), refetch: true };
  }
  const schedule = event.schedule;
  if (!schedule) return { rows, refetch: false };
  const matches = rowMatches(schedule, filter);
  if (event.kind === 'CREATED') return { rows, refetch: matches };
  if (at < 0) {
    // Unfiltered, a schedule not on this page is on another one; filtered, it may have just entered.
    return { rows, refetch: matches && Object.keys(filter).length > 0 };
  }
  if (!matches) return { rows: rows.filter((r) => r.id !== event.scheduleId), refetch: true };
  const next = rows.slice();
  next[at] = schedule;
  return { rows: next, refetch: schedule.name !== rows[at]!.name };
}
