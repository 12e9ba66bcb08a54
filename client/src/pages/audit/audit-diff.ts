/**
 * An audit entry's `details` as readable lines. The server records an update as
 * `{ diff: { field: { from, to } } }`, a creation as `{ after }`, a deletion as `{ before }`; other
 * actions carry a few facts (runId, newJobId, count ...). Pure functions, so they are unit-tested.
 */

/** One line of a change: `path: before → after`; `before`/`after` absent means the side has no value. */
export interface Change {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface ReadableDetails {
  /** Field changes: an update's diff, a creation's values, a deletion's last values. */
  changes: Change[];
  /** Other facts of the entry (ids, counts, the filter of a bulk action). */
  facts: { key: string; value: unknown }[];
  /** When the change is implied by the action (enable/disable record no details). */
  implied: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The changes between two values at `path`: objects on both sides are compared field by field
 * (`trigger.cron`, `retryPolicy.maxRetries`), anything else is one change.
 */
export function flattenChange(path: string, before: unknown, after: unknown): Change[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const out: Change[] = [];
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const b = before[key];
      const a = after[key];
      if (same(b, a)) continue;
      const sub = path ? `${path}.${key}` : key;
      if (isPlainObject(b) && isPlainObject(a)) out.push(...flattenChange(sub, b, a));
      else out.push({ path: sub, ...(b !== undefined && { before: b }), ...(a !== undefined && { after: a }) });
    }
    return out;
  }
  if (same(before, after)) return [];
  return [{ path, ...(before !== undefined && { before }), ...(after !== undefined && { after }) }];
}

/** Top-level values of a snapshot, skipping empty ones (null, undefined). */
function snapshot(values: Record<string, unknown>, side: 'before' | 'after'): Change[] {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([path, value]) => ({ path, [side]: value }));
}

/** The readable form of an entry's details. */
export function readDetails(action: string, details: unknown): ReadableDetails {
  const implied = action === 'schedule.enable' || action === 'schedule.disable';
  if (implied && (details === null || details === undefined)) {
    const enabled = action === 'schedule.enable';
    return { changes: [{ path: 'enabled', before: !enabled, after: enabled }], facts: [], implied: true };
  }
  if (!isPlainObject(details)) {
    return { changes: [], facts: details === null || details === undefined ? [] : [{ key: 'details', value: details }], implied: false };
  }
  const changes: Change[] = [];
  const facts: { key: string; value: unknown }[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (key === 'diff' && isPlainObject(value)) {
      for (const [field, change] of Object.entries(value)) {
        if (isPlainObject(change) && ('from' in change || 'to' in change)) changes.push(...flattenChange(field, change.from, change.to));
        else facts.push({ key: `diff.${field}`, value: change });
      }
    } else if (key === 'after' && isPlainObject(value)) {
      changes.push(...snapshot(value, 'after'));
    } else if (key === 'before' && isPlainObject(value)) {
      changes.push(...snapshot(value, 'before'));
    } else {
      facts.push({ key, value });
    }
  }
  return { changes, facts, implied: false };
}

/** A value as it reads in a diff: strings quoted, objects as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** Where the console shows an object an entry points at, by type and id (null: nowhere). */
export function targetHref(type: string, id: string | null | undefined): string | null {
  if (!id || id === '*') return null;
  if (type === 'schedule') return `/schedules/${encodeURIComponent(id)}`;
  if (type === 'job') return `/jobs/${encodeURIComponent(id)}`;
  return null;
}

/** Fact keys that hold the id of another object, and what kind of object. */
export const FACT_LINKS: Record<string, 'job' | 'schedule'> = { newJobId: 'job', scheduleId: 'schedule' };

/** One short line for the table: which fields changed, what was created or deleted. */
export function summarize(action: string, details: unknown): string {
  const readable = readDetails(action, details);
  const d = isPlainObject(details) ? details : {};
  const name = (isPlainObject(d.after) && d.after.name) || (isPlainObject(d.before) && d.before.name);
  if (readable.implied) return `enabled: ${formatValue(readable.changes[0]!.before)} → ${formatValue(readable.changes[0]!.after)}`;
  if (isPlainObject(d.diff)) {
    const paths = readable.changes.map((c) => c.path);
    if (!paths.length) return 'no field changed';
    if (paths.length === 1) {
      const c = readable.changes[0]!;
      return `${c.path}: ${formatValue(c.before)} → ${formatValue(c.after)}`;
    }
    return `${paths.length} fields: ${paths.join(', ')}`;
  }
  if (isPlainObject(d.after)) return typeof name === 'string' ? `created ${formatValue(name)}` : 'created';
  if (isPlainObject(d.before)) return typeof name === 'string' ? `deleted ${formatValue(name)}` : 'deleted';
  return readable.facts
    .filter((f) => f.value !== null && f.value !== undefined)
    .map((f) => `${f.key}: ${typeof f.value === 'object' ? JSON.stringify(f.value) : String(f.value)}`)
    .join(' · ');
}
