/**
 * The metrics page's arithmetic: the window of a preset, bucket labels, and the series and rows the
 * charts and tables show. Pure (no imports), shared with the unit tests.
 */

export const PRESETS = [
  { value: '1h', label: '1 h', title: 'the last hour', windowMs: 3_600_000, bucketSeconds: 120 },
  { value: '24h', label: '24 h', title: 'the last 24 hours', windowMs: 86_400_000, bucketSeconds: 3_600 },
  { value: '7d', label: '7 d', title: 'the last 7 days', windowMs: 7 * 86_400_000, bucketSeconds: 6 * 3_600 },
] as const;

export type PresetValue = (typeof PRESETS)[number]['value'];
export type Preset = (typeof PRESETS)[number];

export const DEFAULT_PRESET: PresetValue = '24h';

export function presetOf(value: string | undefined): Preset {
  return PRESETS.find((p) => p.value === value) ?? PRESETS.find((p) => p.value === DEFAULT_PRESET)!;
}

export interface Window {
  since: string;
  until: string;
  bucketSeconds: number;
}

/**
 * The window ending with the bucket that holds `now`, so buckets fall on round times and the
 * current one fills up as jobs finish.
 */
export function windowOf(preset: Preset, now: number): Window {
  const bucketMs = preset.bucketSeconds * 1000;
  const until = Math.ceil((now + 1) / bucketMs) * bucketMs;
  return { since: new Date(until - preset.windowMs).toISOString(), until: new Date(until).toISOString(), bucketSeconds: preset.bucketSeconds };
}

/** A bucket's start as a short axis label: minutes for short windows, weekday and hour for a week. */
export function bucketLabel(iso: string, preset: Preset, locale?: string): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions =
    preset.windowMs > 86_400_000 ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

export interface Point {
  at: string;
  value: number;
}

export function total(points: readonly Point[]): number {
  return points.reduce((sum, p) => sum + p.value, 0);
}

export function hasValues(...series: readonly (readonly Point[])[]): boolean {
  return series.some((points) => points.some((p) => p.value > 0));
}

/** failed / (succeeded + failed), or null with nothing finished. */
export function failureRate(succeeded: number, failed: number): number | null {
  const done = succeeded + failed;
  return done > 0 ? failed / done : null;
}

export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  const pct = rate * 100;
  return `${pct === 0 || pct === 100 || pct >= 10 ? Math.round(pct) : pct.toFixed(1)}%`;
}

export interface TypeRow {
  type: string;
  succeeded: number;
  failed: number;
  failureRate: number;
  p95DurationMs?: number | null;
}

/** Busiest types first, then by name. */
export function sortTypeRows<T extends TypeRow>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.succeeded + b.failed - (a.succeeded + a.failed) || a.type.localeCompare(b.type));
}

export interface UsageRow {
  key: string;
  calls: number;
  usage: { inputTokens: number; outputTokens: number; cachedTokens: number; totalTokens: number };
}

/** Per model: fresh input (input minus cached), cached input and output, largest total first. */
export function tokenSeries(rows: readonly UsageRow[]): { labels: string[]; fresh: number[]; cached: number[]; output: number[] } {
  const sorted = [...rows].sort((a, b) => b.usage.totalTokens - a.usage.totalTokens || a.key.localeCompare(b.key));
  return {
    labels: sorted.map((r) => r.key),
    fresh: sorted.map((r) => Math.max(0, r.usage.inputTokens - r.usage.cachedTokens)),
    cached: sorted.map((r) => r.usage.cachedTokens),
    output: sorted.map((r) => r.usage.outputTokens),
  };
}

/**
 * At most one refresh per `gapMs`: the first request runs at once, later ones inside the gap are
 * folded into one run at its end. Returns the trigger and a cancel for cleanup.
 */
export function throttle(run: () => void, gapMs: number, clock: { now(): number; later(fn: () => void, ms: number): unknown; cancel(handle: unknown): void }) {
  let last = -Infinity;
  let pending: unknown;
  const fire = () => {
    pending = undefined;
    last = clock.now();
    run();
  };
  return {
    trigger() {
      if (pending !== undefined) return;
      const wait = last + gapMs - clock.now();
      if (wait <= 0) fire();
      else pending = clock.later(fire, wait);
    },
    cancel() {
      if (pending !== undefined) clock.cancel(pending);
      pending = undefined;
    },
  };
}

export interface CostSeriesRow {
  key: string;
  totalUsd: number;
  points: readonly Point[];
}

/**
 * The series a cost chart stacks: the `max - 1` dearest keys as they are and the rest summed as
 * "other", so a chart stays readable with many models (the table below it lists them all).
 */
export function stackedCost(series: readonly CostSeriesRow[], max = 6): Array<{ label: string; data: number[] }> {
  const dearest = [...series].sort((a, b) => b.totalUsd - a.totalUsd || a.key.localeCompare(b.key));
  const shown = dearest.length <= max ? dearest : dearest.slice(0, max - 1);
  const rest = dearest.slice(shown.length);
  const out = shown.map((s) => ({ label: s.key, data: s.points.map((p) => p.value) }));
  if (rest.length) {
    const buckets = rest[0]!.points.length;
    out.push({ label: `${rest.length} other`, data: Array.from({ length: buckets }, (_, i) => rest.reduce((sum, s) => sum + (s.points[i]?.value ?? 0), 0)) });
  }
  return out;
}
