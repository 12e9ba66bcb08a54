/**
 * A live, paged list: one page of a cursor connection with its total, kept current by live feeds,
 * with Previous / Next over the cursors seen, and refetches when an event cannot be applied and to
 * catch up after a (re)subscription or a reconnect. A page brings its documents and what an event
 * does to the open page (see live-page.ts); this does the rest.
 *
 *   const list = createLiveList({
 *     query: JobsList, variables: () => ({ filter: filter() }),
 *     connection: (data) => data.jobs, fragment: JobRowFields,
 *   });
 *   list.follow({ query: JobsListEvents, apply: (page, event, at) => ({ page: ... }) });
 */
import { createQuery, type AnyVariables, type CombinedError, type DocumentInput } from '@urql/solid';
import { batch, createEffect, createMemo, createSignal, on, onCleanup, untrack } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { useFragment } from '../gql';
import { connection as socketState } from './client';
import { afterOf, firstPage, nextPage, pageIndex, previousPage, stackFor } from './cursor-stack';
import { createLiveFeed, type LiveFeed, type LiveFeedOptions } from './live-feed';
import { ReplayWindow, replayOver, type LiveChange, type LivePage, type LiveUpdate, type PagePosition } from './live-page';
import { PageFields, type Connection, type RowFragment } from './page-fields';
import { plain } from './plain';
import { createRefetchTimer } from './refetch-timer';

/** Rows per page unless a list says otherwise. */
export const PAGE_SIZE = 50;

export interface LiveListOptions<Data, Variables extends AnyVariables, Row> {
  /** A query with `$first` and `$after` that returns a connection. */
  query: DocumentInput<Data, Variables>;
  /** The query's other arguments, compared as JSON: a change starts again at the first page. */
  variables: () => Omit<Variables, 'first' | 'after'>;
  /** The connection in the query's data. */
  connection: (data: Data) => Connection<Row> | null | undefined;
  /** The row fragment its nodes spread (the list's live events spread it too). */
  fragment: RowFragment<Row>;
  pageSize?: number;
  /** How long events are kept to be applied again over a page fetched meanwhile (default: not kept). */
  replayMs?: number;
}

export interface LiveList<Row> {
  /** The open page's rows, in a store: a row keeps its identity while it changes. */
  rows(): readonly Row[];
  totalCount(): number;
  /** False when totalCount is only a lower bound ("10,000+"); true for lists that always count exactly. */
  totalCountIsExact(): boolean;
  /** Matching rows that arrived on other pages since this one loaded. */
  pending(): number;
  /** A page has come from the server (until then the rows are no answer). */
  loaded(): boolean;
  fetching(): boolean;
  error(): CombinedError | undefined;
  /** Why live updates stopped, if they did. */
  liveError(): CombinedError | undefined;
  readonly pageSize: number;
  /** 0 for the first page. */
  pageIndex(): number;
  hasNext(): boolean;
  next(): void;
  previous(): void;
  first(): void;
  /** The open page again, from the server. */
  refetch(): void;
  /** The first page again, from the server, forgetting what was pending. */
  reload(): void;
  /** A change made here, applied like an event (without waiting for the event). */
  apply(change: (page: LivePage<Row>) => LiveChange<Row>): void;
  /** Keeps the page current with a subscription; called while the component is set up. */
  follow<Data, Variables extends AnyVariables>(feed: LiveFeedOptions<Data, Variables, Row>): void;
}

interface PageState<Row> extends LivePage<Row> {
  exact: boolean;
  hasNext: boolean;
  endCursor: string | null | undefined;
  loaded: boolean;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function createLiveList<Data, Variables extends AnyVariables, Row>(options: LiveListOptions<Data, Variables, Row>): LiveList<Row> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const args = createMemo(options.variables, undefined, { equals: sameJson });
  const key = createMemo(() => JSON.stringify(args()));
  const [stack, setStack] = createSignal(firstPage(untrack(key)));
  const current = () => stackFor(stack(), key());

  const [query, refetchQuery] = createQuery({
    query: options.query,
    variables: () => ({ ...args(), first: pageSize, after: afterOf(current()) ?? null }) as unknown as Variables,
  });
  const refetch = () => refetchQuery({ requestPolicy: 'network-only' });
  const timer = createRefetchTimer(refetch);
  onCleanup(() => timer.dispose());

  const [page, setPage] = createStore<PageState<Row>>({ rows: [], totalCount: 0, pending: 0, exact: true, hasNext: false, endCursor: undefined, loaded: false });
  const replay = new ReplayWindow<LiveUpdate<Row>>(options.replayMs ?? 0);
  const position = (): Omit<PagePosition, 'replay'> => ({ firstPage: pageIndex(current()) === 0, lastPage: !page.hasNext });
  const snapshot = (): LivePage<Row> => {
    const { rows, totalCount, pending } = unwrap(page);
    return { rows, totalCount, pending };
  };
  const commit = (next: LivePage<Row>) =>
    batch(() => {
      setPage('rows', reconcile(next.rows as Row[], { key: 'id', merge: true }));
      setPage({ totalCount: next.totalCount, pending: next.pending });
    });
  const take = (change: LiveChange<Row>) => {
    if (change.page) commit(change.page);
    if (change.refetch) timer.soon();
  };

  // A page from the server replaces the rows; events that arrived meanwhile are applied again on top.
  // urql reconciles a refetched result into the same object: reading all of it notices every change.
  const fresh = createMemo(() => {
    const connection = query.data === undefined ? undefined : options.connection(query.data);
    return connection ? plain(connection) : undefined;
  });
  createEffect(
    on(fresh, (connection) => {
      if (!connection) return;
      const info = useFragment(PageFields, connection.pageInfo);
      const rows = connection.edges.map((edge) => useFragment(options.fragment, edge.node));
      const at = { firstPage: pageIndex(current()) === 0, lastPage: !info.hasNextPage };
      batch(() => {
        commit(replayOver({ rows, totalCount: connection.totalCount, pending: 0 }, replay.items(Date.now()), at));
        setPage({ hasNext: info.hasNextPage, endCursor: info.endCursor, loaded: true, exact: connection.totalCountIsExact ?? true });
      });
    }),
  );

  const receive = (update: LiveUpdate<Row>) => {
    replay.push(update, Date.now());
    if (page.loaded) take(update(snapshot(), { ...position(), replay: false }));
  };
  const feeds: LiveFeed[] = [];

  // Catch-up: once the feeds have surely subscribed, at the start, with new arguments (events of the
  // old ones must not be replayed over the new rows), and each time the socket (re)connects, unless
  // every feed resumes after the last event it saw (the server sends what was missed, or a RESYNC).
  timer.settle();
  createEffect(
    on(
      key,
      () => {
        replay.clear();
        timer.settle();
      },
      { defer: true },
    ),
  );
  const resumesAll = () => feeds.length > 0 && feeds.every((feed) => feed.resumable());
  createEffect(
    on(socketState, (state, previous) => state === 'connected' && previous !== 'connected' && !resumesAll() && timer.settle(), { defer: true }),
  );

  return {
    rows: () => page.rows,
    totalCount: () => page.totalCount,
    totalCountIsExact: () => page.exact,
    pending: () => page.pending,
    loaded: () => page.loaded,
    fetching: () => query.fetching,
    error: () => query.error,
    liveError: () => feeds.map((feed) => feed.error()).find(Boolean),
    pageSize,
    pageIndex: () => pageIndex(current()),
    hasNext: () => page.hasNext,
    next: () => setStack(nextPage(current(), page.endCursor)),
    previous: () => setStack(previousPage(current())),
    first: () => setStack(firstPage(key())),
    refetch,
    reload() {
      replay.clear();
      setStack(firstPage(key()));
      setPage('pending', 0);
      refetch();
    },
    apply: (change) => take(change(snapshot())),
    follow: (feed) => void feeds.push(createLiveFeed(feed, receive)),
  };
}
