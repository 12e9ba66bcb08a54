/** Small statistics helpers for the bench: medians, nearest-rank percentiles and number formatting. */

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: number[]): LatencySummary {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    // reduce, not Math.max(...): a spread of hundreds of thousands of samples overflows the stack.
    max: samples.length ? samples.reduce((a, b) => (b > a ? b : a), -Infinity) : Number.NaN,
    mean: samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN,
  };
}

/** Jobs per second from a count and a duration in milliseconds. */
export const rate = (count: number, ms: number): number => (count * 1000) / ms;

export const fmtInt = (value: number): string =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';

export const fmtMs = (value: number): string => {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${Math.round(value)} ms`;
};

export const fmtRatio = (value: number): string => {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 10 ? `${value.toFixed(0)}x` : value >= 1 ? `${value.toFixed(1)}x` : `${value.toFixed(2)}x`;
};

/** A monotonic clock in ms that is the same in every thread of the process (unlike performance.now()). */
export const processClockMs = (): number => Number(process.hrtime.bigint()) / 1e6;
