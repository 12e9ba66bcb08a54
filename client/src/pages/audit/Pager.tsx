/**
 * Cursor paging for a newest-first list: the API pages forward only (`after`), so the cursors of the
 * pages already seen are kept to go back. Shared by the audit and alerts pages.
 */
import { createSignal, Show } from 'solid-js';
import { formatNumber } from '../../lib/time';

export interface CursorPages {
  /** The `after` cursor of the current page (undefined: the first page). */
  after(): string | undefined;
  /** 0 for the first page. */
  index(): number;
  next(endCursor: string | null | undefined): void;
  previous(): void;
  reset(): void;
}

export function createCursorPages(): CursorPages {
  const [stack, setStack] = createSignal<string[]>([]);
  return {
    after: () => stack().at(-1),
    index: () => stack().length,
    next: (endCursor) => endCursor && setStack((s) => [...s, endCursor]),
    previous: () => setStack((s) => s.slice(0, -1)),
    reset: () => stack().length && setStack([]),
  };
}

export function Pager(props: {
  pages: CursorPages;
  pageSize: number;
  shown: number;
  total: number | undefined;
  hasNext: boolean;
  endCursor: string | null | undefined;
  noun: string;
}) {
  const from = () => props.pages.index() * props.pageSize + 1;
  return (
    <nav class="pager" aria-label={`Pages of ${props.noun}`}>
      <span>
        <Show when={props.shown > 0} fallback={`0 ${props.noun}`}>
          {formatNumber(from())}–{formatNumber(from() + props.shown - 1)} of {formatNumber(props.total)} {props.noun}
        </Show>
      </span>
      <span class="spacer" />
      <button type="button" class="small" disabled={props.pages.index() === 0} onClick={() => props.pages.previous()}>
        ← Newer
      </button>
      <button type="button" class="small" disabled={!props.hasNext} onClick={() => props.pages.next(props.endCursor)}>
        Older →
      </button>
    </nav>
  );
}
