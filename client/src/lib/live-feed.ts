/**
 * One subscription that keeps a live list current: its document, its arguments, and what one of its
 * events does to the open page. Each event is copied as it arrives, so the page owns its rows and an
 * event kept for a replay is never changed by the page it went into.
 */
import { createSubscription, type AnyVariables, type CombinedError, type DocumentInput } from '@urql/solid';
import { createMemo } from 'solid-js';
import type { LiveChange, LivePage, LiveUpdate, PagePosition } from './live-page';
import { createResumePosition, eventIdOf, withResume } from './live-resume';
import { plain } from './plain';

export interface LiveFeedOptions<Data, Variables extends AnyVariables, Row> {
  query: DocumentInput<Data, Variables>;
  /** Compared as JSON: the subscription starts again only when they really change. */
  variables?: () => Variables;
  /** While true the feed is not subscribed (a permission the token lacks). */
  pause?: () => boolean;
  apply: (page: LivePage<Row>, event: Data, at: PagePosition) => LiveChange<Row>;
  /**
   * The subscription takes `$after: ID` and its events select `id`: after a reconnect it resumes
   * after the last event it saw (see live-resume.ts) instead of the page refetching.
   */
  resumes?: boolean;
}

export interface LiveFeed {
  error(): CombinedError | undefined;
  /** A reconnect would resume this feed without a gap: it resumes and has seen an event. */
  resumable(): boolean;
}


const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Subscribes, in the calling component; each event reaches `receive`. */
export function createLiveFeed<Data, Variables extends AnyVariables, Row>(
  options: LiveFeedOptions<Data, Variables, Row>,
  receive: (update: LiveUpdate<Row>) => void,
): LiveFeed {
  const given = options.variables && createMemo(options.variables, undefined, { equals: sameJson });
  const resume = createResumePosition();
  // New arguments start a new subscription: it has nothing to resume from.
  const variables =
    options.resumes && given
      ? createMemo(() => {
          const v = given();
          resume.reset();
          return withResume(v as object, resume) as Variables;
        })
      : given;
  const [state] = createSubscription<Data, undefined, Variables>({ query: options.query, variables, pause: options.pause }, (_previous, data) => {
    if (options.resumes) resume.seen(eventIdOf(data));
    const event = plain(data);
    receive((page, at) => options.apply(page, plain(event), at));
    // Nothing kept here: the list holds what the events did.
    return undefined;
  });
  return {
    error: () => state.error,
    resumable: () => Boolean(options.resumes) && resume.position() !== undefined,
  };
}
