/**
 * Where a reader is in a cursor-paged list. The API pages forward only (`first` / `after`), so the
 * end cursors of the pages already passed are kept to go back. The stack belongs to one set of list
 * arguments (its key): other arguments start again at the first page, with nothing to reset.
 * Pure, shared with the unit tests.
 */

export interface CursorStack {
  /** The list arguments these pages belong to (their JSON). */
  key: string;
  /** The end cursor of each page before the current one; the last is the current page's `after`. */
  cursors: readonly string[];
}

export function firstPage(key: string): CursorStack {
  return { key, cursors: [] };
}

/** The stack for `key`: this one if it belongs to it, else the first page. */
export function stackFor(stack: CursorStack, key: string): CursorStack {
  return stack.key === key ? stack : firstPage(key);
}

/** The `after` argument of the current page (undefined: the first page). */
export function afterOf(stack: CursorStack): string | undefined {
  return stack.cursors.at(-1);
}

/** 0 for the first page. */
export function pageIndex(stack: CursorStack): number {
  return stack.cursors.length;
}

/** The page after the current one, which ends at `endCursor` (none: there is no next page). */
export function nextPage(stack: CursorStack, endCursor: string | null | undefined): CursorStack {
  return endCursor ? { key: stack.key, cursors: [...stack.cursors, endCursor] } : stack;
}

export function previousPage(stack: CursorStack): CursorStack {
  return stack.cursors.length ? { key: stack.key, cursors: stack.cursors.slice(0, -1) } : stack;
}
