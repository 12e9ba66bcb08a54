/**
 * The jobs list's filters as they live in the URL, and their meaning as a GraphQL JobFilter. The time
 * range is a preset (last hour, 24 h, 7 d) or a custom since/until pair.
 */
import type { JobFilter, JobStatus } from '../../gql/graphql';
import type { FilterValues } from '../../lib/url-state';

export const FILTER_SPEC = {
  status: 'list',
  type: 'list',
  q: 'string',
  range: 'string',
  since: 'string',
  until: 'string',
} as const;

export type JobFilters = FilterValues<typeof FILTER_SPEC>;

export const STATUSES: JobStatus[] = ['QUEUED', 'RUNNING', 'WAITING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export const RANGES = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 h', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
] as const;

function isStatus(value: string): value is JobStatus {
  return (STATUSES as string[]).includes(value);
}

function isoOrUndefined(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The API filter for `filters`, with presets counted back from `now` (the caller fixes `now` when the
 * range changes, so the query does not change on every render).
 */
export function toJobFilter(filters: JobFilters, now: number): JobFilter {
  const filter: JobFilter = {};
  const status = filters.status?.filter(isStatus);
  if (status?.length) filter.status = status;
  if (filters.type?.length) filter.type = filters.type;
  const search = filters.q?.trim();
  if (search) filter.search = search;
  const preset = RANGES.find((r) => r.value === filters.range);
  if (preset) {
    filter.createdAfter = new Date(now - preset.ms).toISOString();
  } else if (filters.range === 'custom') {
    const since = isoOrUndefined(filters.since);
    const until = isoOrUndefined(filters.until);
    if (since) filter.createdAfter = since;
    if (until) filter.createdBefore = until;
  }
  return filter;
}

/**
 * The filter for live events: everything but the status, so that a row whose job leaves the status
 * filter still gets its last change (the server only sends events of jobs matching after the change).
 */
export function liveFilter(filter: JobFilter): JobFilter {
  const { status: _status, ...rest } = filter;
  return rest;
}

/** Whether any filter is set (for the "clear" button and the empty state's wording). */
export function hasFilters(filters: JobFilters): boolean {
  return Boolean(filters.status?.length || filters.type?.length || filters.q?.trim() || filters.range);
}

/** A value for <input type="datetime-local"> in the browser's zone, from an ISO instant. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** An ISO instant from a datetime-local value (read in the browser's zone). */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
