/**
 * The call list's filters as they sit in the URL, and the `LlmCallFilter` they ask the API for.
 * A preset range ("1h") is relative: it becomes an absolute `since` when the query is made.
 * Pure (no imports), shared with the unit tests.
 */

export const CALL_FILTER_SPEC = {
  status: 'list',
  model: 'list',
  source: 'list',
  requestedBy: 'list',
  range: 'string',
  since: 'string',
  until: 'string',
} as const;

export const CALL_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const RANGES = [
  { value: '', label: 'Any time' },
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: 'custom', label: 'Custom…' },
] as const;

export interface CallFilterValues {
  status?: string[];
  model?: string[];
  source?: string[];
  requestedBy?: string[];
  range?: string;
  since?: string;
  until?: string;
}

export interface CallFilterVariables {
  status?: CallStatus[];
  model?: string[];
  source?: string[];
  requestedBy?: string[];
  since?: string;
  until?: string;
}

function validIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The API filter for the URL's values at `now`; unknown statuses and bad dates are left out. */
export function toCallFilter(values: CallFilterValues, now: number = Date.now()): CallFilterVariables {
  const out: CallFilterVariables = {};
  const status = values.status?.filter((s): s is CallStatus => (CALL_STATUSES as readonly string[]).includes(s));
  if (status?.length) out.status = status;
  if (values.model?.length) out.model = values.model;
  if (values.source?.length) out.source = values.source;
  if (values.requestedBy?.length) out.requestedBy = values.requestedBy;
  const preset = RANGES.find((r) => r.value === values.range);
  if (preset && 'ms' in preset) {
    out.since = new Date(now - preset.ms).toISOString();
  } else if (values.range === 'custom') {
    const since = validIso(values.since);
    const until = validIso(values.until);
    if (since) out.since = since;
    if (until) out.until = until;
  }
  return out;
}

export function hasFilters(values: CallFilterValues): boolean {
  return Boolean(values.status?.length || values.model?.length || values.source?.length || values.requestedBy?.length || values.range);
}

/** "2024-05-01T10:30" for an <input type="datetime-local"> in the browser's zone, from an ISO instant. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO instant of a datetime-local value (read in the browser's zone), or undefined. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** "openai:gpt-4o" → model "gpt-4o" (the filter takes the model alone). */
export function modelOfKey(key: string): string {
  const at = key.indexOf(':');
  return at >= 0 ? key.slice(at + 1) : key;
}
