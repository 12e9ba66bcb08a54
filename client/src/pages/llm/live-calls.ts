/**
 * Keeps a page of calls (newest first by queuedAt) current with `llmCallEvents`. A call shown is
 * replaced by its new state, even when it no longer matches the status filter (the list says what
 * the call is now rather than hiding it under the reader). A call not shown that matches (a new one,
 * or one whose status now matches) goes in its place on the first page; on later pages, where
 * inserting would shift rows under the reader, a new call is only counted (as pending).
 * Pure, shared with the unit tests.
 */
import type { LivePage, PagePosition } from '../../lib/live-page.js';

export interface CallEvent<T> {
  kind: 'CREATED' | 'UPDATED';
  call: T;
}

export interface LiveContext extends PagePosition {
  /** The call matches the list's whole filter (the feed is asked without the status filter). */
  matches: boolean;
}

type Row = { id: string; queuedAt: string };

const time = (row: Row) => Date.parse(row.queuedAt);

/** Whether a call's status is one the filter asks for (an empty filter asks for all). */
export function statusMatches(status: string, wanted: readonly string[] | undefined): boolean {
  return !wanted?.length || wanted.includes(status);
}

export function applyCallEvent<T extends Row>(page: LivePage<T>, event: CallEvent<T>, context: LiveContext): LivePage<T> {
  const index = page.rows.findIndex((row) => row.id === event.call.id);
  if (index >= 0) {
    const rows = page.rows.slice();
    rows[index] = event.call;
    return { ...page, rows };
  }
  if (!context.matches) return page;
  // On a later page only a new call is known to be new; an update may concern any other page.
  if (!context.firstPage) return event.kind === 'CREATED' ? { ...page, totalCount: page.totalCount + 1, pending: page.pending + 1 } : page;
  const last = page.rows[page.rows.length - 1];
  const withinPage = context.lastPage || !last || time(event.call) >= time(last);
  if (!withinPage) return event.kind === 'CREATED' ? { ...page, totalCount: page.totalCount + 1 } : page;
  const at = page.rows.findIndex((row) => time(row) < time(event.call));
  const rows = page.rows.slice();
  rows.splice(at < 0 ? rows.length : at, 0, event.call);
  return { ...page, rows, totalCount: page.totalCount + 1 };
}
