/** A time window [since, until) as the read services take it: by default the last day until now. */
import { ValidationError } from '../domain/errors.js';

export const DAY_MS = 24 * 3600 * 1000;

export interface Window {
  since: number;
  until: number;
}

export function windowOf(since: number | undefined, until: number | undefined, now: number): Window {
  const end = until ?? now;
  const start = since ?? end - DAY_MS;
  if (start >= end) throw ValidationError.field('since', 'must be before until');
  return { since: start, until: end };
}
