/**
 * What a job, its attempt and an LLM call may store, the same on every store. Two rules:
 *
 * - **JSON-clean**: a value is stored as its JSON text reads back (`JSON.parse(JSON.stringify(v))`):
 *   `undefined` object keys are dropped, `undefined` in arrays becomes `null`, dates become ISO
 *   strings. SQLite stores JSON text anyway; MongoDB would keep `undefined` as `null` and a Date as a
 *   date, so values are cleaned above the adapters and both stores read back the same thing.
 * - **Size caps**, in bytes of that JSON text (UTF-8). A MongoDB document and a change event are at
 *   most 16 MiB; a job document holds its payload, result, checkpoint and progress at once and its
 *   change event carries the document again, so the caps together stay far below that. SQLite has
 *   the same caps, so a job that runs on one store runs on the other.
 */

export interface SizeLimits {
  /** A job's (or a schedule's) payload. */
  payload: number;
  /** What a task returns. */
  result: number;
  /** One `ctx.checkpoint(state)`. */
  checkpoint: number;
  /** One `ctx.progress(percent, message, data)`: the message and data together. */
  progress: number;
  /** The data of one log line. */
  logData: number;
  /** The messages of one LLM call, together. */
  llmMessages: number;
  /** The stored output of one LLM call (longer answers are stored cut, and said so). */
  llmOutput: number;
  /** One error message (longer ones are stored cut). */
  errorMessage: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

export const DEFAULT_SIZE_LIMITS: Readonly<SizeLimits> = Object.freeze({
  payload: 1 * MiB,
  result: 1 * MiB,
  checkpoint: 1 * MiB,
  progress: 64 * KiB,
  logData: 64 * KiB,
  llmMessages: 2 * MiB,
  llmOutput: 1 * MiB,
  errorMessage: 8 * KiB,
});

export type Cleaned = { ok: true; value: unknown; bytes: number } | { ok: false; reason: string };

/**
 * The value as it will be stored (see the JSON-clean rule above) and its size, or why it cannot be
 * stored: not JSON (a cycle, a BigInt) or over `limit` bytes. A top-level `undefined` stays
 * `undefined` (the caller decides whether that means "absent" or `null`).
 */
export function cleanForStorage(value: unknown, limit: number): Cleaned {
  if (value === undefined) return { ok: true, value: undefined, bytes: 0 };
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return { ok: false, reason: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  // A function or a symbol: JSON has no spelling for it.
  if (text === undefined) return { ok: false, reason: 'it is not JSON' };
  const bytes = utf8Bytes(text);
  if (bytes > limit) return { ok: false, reason: `it is ${formatBytes(bytes)} as JSON, over the limit of ${formatBytes(limit)}` };
  return { ok: true, value: JSON.parse(text) as unknown, bytes };
}

/** Cuts a text to at most `limit` bytes of UTF-8, saying how much was cut. */
export function cutText(text: string, limit: number): string {
  const encoded = encoder.encode(text);
  if (encoded.length <= limit) return text;
  const note = ` …[cut: ${formatBytes(encoded.length)} in all]`;
  const room = Math.max(0, limit - utf8Bytes(note));
  // Cut on a character boundary: decode the kept bytes and drop a broken last character.
  const kept = new TextDecoder().decode(encoded.subarray(0, room)).replace(/\uFFFD$/, '');
  return kept + note;
}

const encoder = new TextEncoder();

/**
 * The UTF-8 length of a text. Short texts (most results and errors) are counted here: encoding one
 * allocates a buffer per call, which was about 2 % of a no-op job's whole run.
 */
function utf8Bytes(text: string): number {
  if (text.length > 256) return encoder.encode(text).length;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two UTF-16 units, four bytes.
      bytes += 2;
      i++;
    } else bytes += 2; // three bytes (a lone surrogate is encoded as U+FFFD, also three)
  }
  return bytes;
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(bytes % MiB === 0 ? 0 : 1)} MiB`;
  if (bytes >= KiB) return `${(bytes / KiB).toFixed(bytes % KiB === 0 ? 0 : 1)} KiB`;
  return `${bytes} bytes`;
}
