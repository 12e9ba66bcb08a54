/** Connection arguments and results: `first` is capped, `after` is an opaque cursor. */
import { ValidationError } from '../engine/domain/errors.js';
import type { Page, PageRequest } from '../engine/domain/page.js';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export function pageRequest(args: { first?: number | null; after?: string | null }): PageRequest {
  const first = args.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw ValidationError.field('first', `must be an integer from 0 to ${MAX_PAGE}`);
  }
  return args.after ? { first, after: args.after } : { first };
}

export interface ConnectionResult<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted only when asked for. */
  totalCount: () => Promise<number>;
  /** Whether totalCount is exact (lists whose count may be capped); counted once with it. */
  totalCountIsExact?: () => Promise<boolean>;
}

/** totalCount and totalCountIsExact of a capped count, made once however many fields ask. */
export function cappedTotal(count: () => Promise<{ count: number; exact: boolean }>) {
  let once: Promise<{ count: number; exact: boolean }> | undefined;
  const get = () => (once ??= count());
  return { totalCount: async () => (await get()).count, totalCountIsExact: async () => (await get()).exact };
}

export function toConnection<T>(
  page: Page<T>,
  request: PageRequest,
  count: (() => Promise<number>) | ReturnType<typeof cappedTotal>,
): ConnectionResult<T> {
  const edges = page.items.map((i) => ({ cursor: i.cursor, node: i.node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: request.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    ...(typeof count === 'function' ? { totalCount: count } : count),
  };
}
