/**
 * Paging under a live list: where the open page stands ("51–100 of 1,234 jobs", or "of 10,000+ jobs" when
 * the server's count stopped at its cap), a spinner while it
 * is read again, and buttons to the pages before and after. Hidden while the first page is empty:
 * the list's empty state says it better.
 */
import { Show, type JSX } from 'solid-js';
import type { LiveList } from '../lib/live-list';
import { formatNumber } from '../lib/time';

export type Paged = Pick<LiveList<unknown>, 'rows' | 'totalCount' | 'totalCountIsExact' | 'pageSize' | 'pageIndex' | 'hasNext' | 'fetching' | 'next' | 'previous' | 'first'>;

export interface PagerProps {
  list: Paged;
  /** What the rows are, in the plural ("jobs"). */
  noun: string;
  /** The labels of the buttons; newest-first wording by default. `first` adds a button to the first page. */
  back?: string;
  forward?: string;
  first?: string;
  /** More buttons, before the paging ones. */
  children?: JSX.Element;
}

export function Pager(props: PagerProps) {
  const shown = () => props.list.rows().length;
  const from = () => props.list.pageIndex() * props.list.pageSize + 1;
  const onFirst = () => props.list.pageIndex() === 0;
  return (
    <Show when={shown() > 0 || !onFirst()}>
      <nav class="pager" aria-label={`Pages of ${props.noun}`}>
        <span>
          <Show when={shown() > 0} fallback={`No ${props.noun} on this page`}>
            {formatNumber(from())}–{formatNumber(from() + shown() - 1)} of {formatNumber(props.list.totalCount())}
            {props.list.totalCountIsExact() ? '' : '+'} {props.noun}
          </Show>
        </span>
        <Show when={props.list.fetching()}>
          <span class="spinner" aria-label="Updating" />
        </Show>
        <span class="spacer" />
        {props.children}
        <Show when={props.first}>
          <button type="button" class="small" disabled={onFirst()} onClick={() => props.list.first()}>
            {props.first}
          </button>
        </Show>
        <button type="button" class="small" disabled={onFirst()} onClick={() => props.list.previous()}>
          {props.back ?? '← Newer'}
        </button>
        <button type="button" class="small" disabled={!props.list.hasNext()} onClick={() => props.list.next()}>
          {props.forward ?? 'Older →'}
        </button>
      </nav>
    </Show>
  );
}
