/**
 * What a long read polls, between its chunks, to learn that its caller stopped waiting: an
 * AbortSignal, or a GraphQL operation's budget (nothing listens to it, so it needs no events).
 */
export interface StopSignal {
  readonly aborted: boolean;
}
