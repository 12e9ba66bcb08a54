/**
 * Opaque page cursors: the sort key of the last row, base64url-encoded JSON. Every adapter uses the
 * same encoding so a cursor survives nothing but its own list; a tampered one is a clear input error.
 */
import { ValidationError } from './errors.js';

export type CursorKey = Array<string | number>;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number, path = 'after'): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw ValidationError.field(path, 'is not a cursor from this list');
  }
  if (
    !Array.isArray(key) ||
    key.length !== arity ||
    !key.every((v) => typeof v === 'string' || typeof v === 'number')
  ) {
    throw ValidationError.field(path, 'is not a cursor from this list');
  }
  return key as CursorKey;
}

/** A two-part keyset cursor [sort value, id]; a key of other types was not made by this list. */
export function decodeKeyset<T extends 'number' | 'string'>(cursor: string, type: T): [T extends 'number' ? number : string, string] {
  const [value, id] = decodeCursor(cursor, 2);
  if (typeof value !== type || typeof id !== 'string') throw ValidationError.field('after', 'is not a cursor from this list');
  return [value as T extends 'number' ? number : string, id];
}
