/**
 * The states around a live list's rows: loading until the first page comes, the query's error (with
 * Try again) above the rows it still shows, the empty state, and a line when live updates stopped.
 */
import { Show, type JSX } from 'solid-js';
import { describeError } from '../lib/errors';
import type { LiveList } from '../lib/live-list';
import { Empty, ErrorBox, Loading } from './States';

export interface LiveListBodyProps {
  list: Pick<LiveList<unknown>, 'rows' | 'loaded' | 'error' | 'liveError' | 'refetch'>;
  /** "Loading jobs…" */
  loading: string;
  /** What an empty page says ("No jobs match these filters."). */
  empty: JSX.Element;
  /** The rows, shown when there are some. */
  children: JSX.Element;
}

export function LiveListBody(props: LiveListBodyProps) {
  return (
    <>
      <Show when={describeError(props.list.liveError())}>
        {(e) => (
          <p class="state state-error" role="alert">
            Live updates stopped: {e().message}
          </p>
        )}
      </Show>
      <ErrorBox error={props.list.error()} retry={() => props.list.refetch()} />
      <Show when={props.list.loaded()} fallback={<Show when={!props.list.error()}><Loading label={props.loading} /></Show>}>
        <Show when={props.list.rows().length > 0} fallback={<Empty>{props.empty}</Empty>}>
          {props.children}
        </Show>
      </Show>
    </>
  );
}
