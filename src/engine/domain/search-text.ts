/**
 * Free search text in a filter (jobs' and schedules' `search`): at most MAX_SEARCH_LENGTH characters
 * and no control characters. A NUL would match every row in some stores, and a huge string costs every
 * row a long scan; both are refused as input errors naming the field.
 */
import { ValidationError } from './errors.js';

export const MAX_SEARCH_LENGTH = 200;

// C0 controls, DEL and the C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Throws a ValidationError on `path` unless `text` is a valid search text. */
export function checkSearchText(path: string, text: string): void {
  if (text.length > MAX_SEARCH_LENGTH) {
    throw ValidationError.field(path, `search text is at most ${MAX_SEARCH_LENGTH} characters; got ${text.length.toLocaleString('en-US')}`);
  }
  const found = CONTROL.exec(text);
  if (found) {
    const code = `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw ValidationError.field(path, `search text may not contain control characters; found ${code} at position ${found.index + 1}`);
  }
}
