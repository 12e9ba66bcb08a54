/**
 * The job's timeline: status changes, progress and log lines in one list, live. The level chips
 * filter the log lines (status and progress always show); long logs load page by page.
 */
import { createQuery, useClient } from '@urql/solid';
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { ErrorBox, Loading } from '../../components/States';
import { useFragment } from '../../gql';
import type { LogLevel } from '../../gql/graphql';
import { PageFields } from '../../lib/page-fields';
import { formatLocal, formatUtc, formatNumber } from '../../lib/time';
import { JobLogs } from './documents';
import { buildTimeline, type LiveChange, type TimelineJob, type TimelineLog } from './timeline';

const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
/** The API's largest page. */
const LOG_PAGE = 100;

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 });

function TimelineTime(props: { value: string }) {
  const date = () => new Date(props.value);
  return (
    <time datetime={props.value} title={`${formatLocal(props.value)}\n${formatUtc(props.value)}`}>
      {Number.isNaN(date().getTime()) ? props.value : clock.format(date())}
    </time>
  );
}

export interface JobTimelineProps {
  id: string;
  job: TimelineJob;
  live: readonly LiveChange[];
  liveLogs: readonly TimelineLog[];
}

export function JobTimeline(props: JobTimelineProps) {
  const client = useClient();
  const [levels, setLevels] = createSignal<LogLevel[]>([]);
  const [more, setMore] = createSignal<TimelineLog[]>([]);
  // undefined until "load more" is used: then the cursor of the last page loaded (null at the end).
  const [moreCursor, setMoreCursor] = createSignal<string | null | undefined>(undefined);
  const [moreError, setMoreError] = createSignal<Error | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);

  const [logs, refetch] = createQuery({
    query: JobLogs,
    variables: () => ({ id: props.id, first: LOG_PAGE, level: levels().length ? levels() : null }),
  });
  const connection = () => logs.data?.job?.logs;
  createEffect(on(levels, () => (setMore([]), setMoreCursor(undefined)), { defer: true }));

  const cursor = () => {
    const loaded = moreCursor();
    if (loaded !== undefined) return loaded;
    const info = useFragment(PageFields, connection()?.pageInfo);
    return info?.hasNextPage ? (info.endCursor ?? null) : null;
  };
  const hasMore = () => cursor() !== null;

  const loadMore = async () => {
    const after = cursor();
    if (!after) return;
    setLoadingMore(true);
    setMoreError(null);
    const result = await client.query(JobLogs, { id: props.id, first: LOG_PAGE, after, level: levels().length ? levels() : null }, { requestPolicy: 'network-only' }).toPromise();
    setLoadingMore(false);
    const page = result.data?.job?.logs;
    if (result.error || !page) return setMoreError(result.error ?? new Error('The job is gone.'));
    setMore((m) => [...m, ...page.edges.map((e) => e.node)]);
    const info = useFragment(PageFields, page.pageInfo);
    setMoreCursor(info.hasNextPage ? (info.endCursor ?? null) : null);
  };

  const entries = createMemo(() => {
    const shown = (l: TimelineLog) => levels().length === 0 || levels().includes(l.level);
    const loaded = [...(connection()?.edges.map((e) => e.node) ?? []), ...more()];
    return buildTimeline(props.job, props.live, [...loaded, ...props.liveLogs.filter(shown)]);
  });

  // The server's count when the logs were read, plus the lines that arrived live since.
  const logCount = createMemo(() => {
    const known = new Set([...(connection()?.edges.map((e) => e.node.seq) ?? []), ...more().map((l) => l.seq)]);
    const shown = (l: TimelineLog) => levels().length === 0 || levels().includes(l.level);
    const arrived = new Set(props.liveLogs.filter((l) => shown(l) && !known.has(l.seq)).map((l) => l.seq));
    return (connection()?.totalCount ?? 0) + arrived.size;
  });

  const toggle = (level: LogLevel) => setLevels((ls) => (ls.includes(level) ? ls.filter((l) => l !== level) : [...ls, level]));

  return (
    <section class="job-section" aria-label="Timeline">
      <header class="section-head">
        <h3>Timeline</h3>
        <span class="muted">
          <Show when={connection()}>{`${formatNumber(logCount())} log ${logCount() === 1 ? 'line' : 'lines'}`}</Show>
        </span>
        <span class="spacer" />
        <div class="chips" role="group" aria-label="Log levels">
          <button type="button" class="chip" aria-pressed={levels().length === 0} onClick={() => setLevels([])}>
            All
          </button>
          <For each={LEVELS}>
            {(level) => (
              <button type="button" class="chip" aria-pressed={levels().includes(level)} onClick={() => toggle(level)}>
                {level.toLowerCase()}
              </button>
            )}
          </For>
        </div>
      </header>
      <Show when={logs.error}>
        <ErrorBox error={logs.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      </Show>
      <Show when={logs.data || logs.error} fallback={<Loading label="Loading the timeline…" />}>
        <ol class="timeline">
          <For each={entries()}>
            {(entry) => (
              <li class={`tl tl-${entry.kind}`} data-level={entry.level}>
                <TimelineTime value={entry.at} />
                <span class={`tl-kind ${entry.level ? `level-${entry.level.toLowerCase()}` : ''}`}>{entry.level?.toLowerCase() ?? entry.kind}</span>
                <span class="tl-text">
                  {entry.text}
                  <Show when={entry.detail}>
                    <span class="muted"> ({entry.detail})</span>
                  </Show>
                  <Show when={entry.data !== undefined && entry.data !== null}>
                    <details class="tl-data">
                      <summary>data</summary>
                      <pre>{JSON.stringify(entry.data, null, 2)}</pre>
                    </details>
                  </Show>
                </span>
              </li>
            )}
          </For>
        </ol>
        <Show when={hasMore()}>
          <button type="button" class="small" disabled={loadingMore()} onClick={() => void loadMore()}>
            {loadingMore() ? 'Loading…' : 'Load more log lines'}
          </button>
        </Show>
        <Show when={moreError()}>
          <ErrorBox error={moreError()} retry={() => void loadMore()} />
        </Show>
      </Show>
    </section>
  );
}
