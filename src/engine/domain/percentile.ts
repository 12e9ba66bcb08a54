/**
 * Percentiles for the usage summary, computed in JS from the fetched numbers so every store answers
 * alike (SQLite has no percentile function; MongoDB's $percentile needs 7.0 and may approximate).
 */

/**
 * The 95th percentile by nearest rank: the smallest value with at least 95% of the values at or below
 * it (sorted ascending, the value at rank ceil(0.95 n)). Undefined when there are no values.
 */
export function p95(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  // Integer arithmetic: 0.95 * n in floating point can land just above a whole rank.
  const rank = Math.ceil((95 * sorted.length) / 100);
  return sorted[Math.max(rank, 1) - 1];
}
