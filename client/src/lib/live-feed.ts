/**
 * One subscription that keeps a live list current: its document, its arguments, and what one of its
 * events does to the open page. Each event is copied as it arrives, so the page owns its rows and an
 * event kept for a replay is never changed by the page it went into.
 */
import { createSubscription, type AnyVariables, type CombinedError, type DocumentInput } from '@urql/solid';
import { createMemo } from 'solid-js';
import type { LiveChange, LivePage, LiveUpdate, PagePosition } from './live-page';
import { plain } from './plain';

export interface LiveFeedOptions<Data, Variables extends AnyVariables, Row> {
  query: DocumentInput<Data, Variables>;
  /** Compared as JSON: the subscription starts again only when they really change. */
  variables?: () => Variables;
  /** While true the feed is not subscribed (a permission the token lacks). */
  pause?: () => boolean;
  apply: (page: LivePage<Row>, event: Data, at: PagePosition) => LiveChange<Row>;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Subscribes, in the calling component; each event reaches `receive`. Returns the feed's error. */
export function createLiveFeed<Data, Variables extends AnyVariables, Row>(
  options: LiveFeedOptions<Data, Variables, Row>,
  receive: (update: LiveUpdate<Row>) => void,
): () => CombinedError | undefined {
  const variables = options.variables && createMemo(options.variables, undefined, { equals: sameJson });
  const [state] = createSubscription<Data, undefined, Variables>({ query: options.query, variables, pause: options.pause }, (_previous, data) => {
    const event = plain(data);
    receive((page, at) => options.apply(page, plain(event), at));
    // Nothing kept here: the list holds what the events did.
    return undefined;
  });
  return () => state.error;
}
