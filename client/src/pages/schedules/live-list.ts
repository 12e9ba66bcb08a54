/**
 * Live schedule events applied to the open page of the list (ordered by name): a changed schedule is
 * updated in place; anything that changes which rows the page holds (created, deleted, renamed, in or
 * out of the filter) asks for the page again instead of guessing its place and the total.
 */
import type { LiveChange, LivePage } from '../../lib/live-page.js';
import { rowMatches, type ApiScheduleFilter, type FilterableRow } from './filters.js';

export interface LiveRow extends FilterableRow {
  id: string;
}

export interface LiveEvent<R extends LiveRow> {
  kind: 'CREATED' | 'UPDATED' | 'DELETED' | 'RUN';
  scheduleId: string;
  schedule?: R | null;
}

export function applyScheduleEvent<R extends LiveRow>(page: LivePage<R>, event: LiveEvent<R>, filter: ApiScheduleFilter): LiveChange<R> {
  const at = page.rows.findIndex((r) => r.id === event.scheduleId);
  const without = () => ({ ...page, rows: page.rows.filter((r) => r.id !== event.scheduleId) });
  if (event.kind === 'DELETED') return at < 0 ? { refetch: true } : { page: without(), refetch: true };
  const schedule = event.schedule;
  if (!schedule) return {};
  const matches = rowMatches(schedule, filter);
  if (event.kind === 'CREATED') return { refetch: matches };
  if (at < 0) {
    // Unfiltered, a schedule not on this page is on another one; filtered, it may have just entered.
    return { refetch: matches && Object.keys(filter).length > 0 };
  }
  if (!matches) return { page: without(), refetch: true };
  const rows = page.rows.slice();
  rows[at] = schedule;
  return { page: { ...page, rows }, refetch: schedule.name !== page.rows[at]!.name };
}
