/** Pages of a list: a request for `first` rows after a cursor, and what comes back. */

/** A page request: `after` is an opaque cursor from an earlier page. */
export interface PageRequest {
  first: number;
  after?: string;
}

export interface Page<T> {
  items: Array<{ node: T; cursor: string }>;
  hasNextPage: boolean;
}

/**
 * A page from `first + 1` fetched rows: the extra row only says that there is a next page. Every
 * adapter fetches one row more than asked, so this is how each of them answers.
 */
export function pageOf<R, T>(rows: R[], first: number, map: (row: R) => T, cursorOf: (node: T) => string): Page<T> {
  const nodes = rows.slice(0, first).map(map);
  return { items: nodes.map((node) => ({ node, cursor: cursorOf(node) })), hasNextPage: rows.length > first };
}
