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
