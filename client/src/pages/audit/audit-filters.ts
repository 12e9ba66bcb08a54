/**
 * The audit page's filters: kept in the URL (`/audit?targetId=…&action=schedule.update,schedule.create`)
 * and turned into the API's AuditFilter. Pure functions.
 */
// .js: this file is also compiled by the root project (its unit tests), which resolves like Node.
import type { FilterValues } from '../../lib/url-state.js';

export const AUDIT_FILTER_SPEC = {
  actor: 'list',
  action: 'list',
  targetType: 'string',
  targetId: 'string',
  since: 'string',
  until: 'string',
} as const;

export type AuditUrlFilters = FilterValues<typeof AUDIT_FILTER_SPEC>;

/** The actions the server records, by target type (the API has no list of them). */
export const KNOWN_ACTIONS: Record<string, string[]> = {
  schedule: ['schedule.create', 'schedule.update', 'schedule.enable', 'schedule.disable', 'schedule.delete', 'schedule.runNow', 'schedule.retryRun'],
  job: ['job.enqueue', 'job.cancel', 'job.retry', 'job.delete', 'job.retryMany', 'job.cancelMany', 'job.deleteMany'],
  alert: ['alert.acknowledge'],
};

export const TARGET_TYPES = Object.keys(KNOWN_ACTIONS);

export interface AuditFilterInput {
  actor?: string[];
  action?: string[];
  targetType?: string;
  targetId?: string;
  since?: string;
  until?: string;
}

/** A valid instant as ISO, or undefined (a malformed time in the URL is left out, not guessed). */
export function validInstant(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The API filter for the URL's filters. */
export function toAuditFilter(values: AuditUrlFilters): AuditFilterInput {
  const out: AuditFilterInput = {};
  if (values.actor?.length) out.actor = values.actor;
  if (values.action?.length) out.action = values.action;
  if (values.targetType) out.targetType = values.targetType;
  if (values.targetId) out.targetId = values.targetId.trim();
  const since = validInstant(values.since);
  const until = validInstant(values.until);
  if (since) out.since = since;
  if (until) out.until = until;
  return out;
}

export function hasFilters(values: AuditUrlFilters): boolean {
  return Object.keys(toAuditFilter(values)).length > 0;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of an `<input type="datetime-local">` in the browser's zone. */
export function toLocalInput(iso: string | undefined): string {
  const valid = validInstant(iso);
  if (!valid) return '';
  const d = new Date(valid);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (the browser's zone) as an ISO instant; empty or invalid gives undefined. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** "a, b ,, c" as ["a", "b", "c"]. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
}
