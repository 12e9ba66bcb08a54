/**
 * The schedules list's filters as they live in the URL (?enabled=true&type=sleep&last=FAILED&q=digest),
 * their meaning as a GraphQL ScheduleFilter, and the same test applied to a row changed live.
 */

export const FILTER_SPEC = {
  enabled: 'boolean',
  type: 'list',
  last: 'list',
  q: 'string',
} as const;

export interface ScheduleFilters {
  enabled?: boolean;
  type?: string[];
  last?: string[];
  q?: string;
}

export const RUN_STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED', 'RUNNING', 'QUEUED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The statuses offered as filter chips (how a run ended). */
export const LAST_STATUS_CHIPS: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED'];

export interface ApiScheduleFilter {
  enabled?: boolean;
  taskType?: string[];
  lastRunStatus?: RunStatus[];
  search?: string;
}

const isStatus = (s: string): s is RunStatus => (RUN_STATUSES as readonly string[]).includes(s);

export function toScheduleFilter(f: ScheduleFilters): ApiScheduleFilter {
  const out: ApiScheduleFilter = {};
  if (f.enabled !== undefined) out.enabled = f.enabled;
  if (f.type?.length) out.taskType = f.type;
  const last = f.last?.filter(isStatus);
  if (last?.length) out.lastRunStatus = last;
  const search = f.q?.trim();
  if (search) out.search = search;
  return out;
}

export function hasFilters(f: ScheduleFilters): boolean {
  return Object.keys(toScheduleFilter(f)).length > 0;
}

export interface FilterableRow {
  name: string;
  description?: string | null;
  taskType: string;
  enabled: boolean;
  lastRunStatus?: string | null;
}

/** Whether the row belongs to the filtered list, as the server decides it. */
export function rowMatches(row: FilterableRow, f: ApiScheduleFilter): boolean {
  if (f.enabled !== undefined && row.enabled !== f.enabled) return false;
  if (f.taskType?.length && !f.taskType.includes(row.taskType)) return false;
  if (f.lastRunStatus?.length && !(row.lastRunStatus && (f.lastRunStatus as string[]).includes(row.lastRunStatus))) return false;
  if (f.search) {
    const needle = f.search.toLowerCase();
    if (!row.name.toLowerCase().includes(needle) && !(row.description ?? '').toLowerCase().includes(needle)) return false;
  }
  return true;
}
