/** `token create --expires-in-days N`: how long a new token lives, checked before anything is stored. */
import { ValidationError } from './engine/domain/errors.js';

/** The longest lifetime `--expires-in-days` accepts: ten years. */
export const MAX_EXPIRES_IN_DAYS = 3650;

/** A whole number of days from 1 to MAX_EXPIRES_IN_DAYS, or a ValidationError naming the flag. */
export function expiresInDays(value: string): number {
  const text = value.trim();
  const days = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_EXPIRES_IN_DAYS) {
    throw ValidationError.field('expires-in-days', `must be a whole number of days from 1 to ${MAX_EXPIRES_IN_DAYS}; got ${JSON.stringify(value)}`);
  }
  return days;
}
