/**
 * Live LLM updates over subscriptions: recorded calls of the caller's org from the change feed
 * (`llmCallEvents`), and the limiters' status (`llmSchedulerStatus`), pushed at most a few times a second.
 */
import { Repeater } from 'graphql-yoga';
import type { LlmSchedulerStatus } from '../engine/runtime/llm/gateway.js';
import type { LlmCall } from '../engine/domain/llm-call.js';
import { builder } from './builder.js';
import { AFTER_DESCRIPTION, perChange, resumableLiveEvents } from './live-subscription.js';
import { LlmCallFilterInput, LlmCallRef, LlmSchedulerStatusRef, toLlmCallFilter } from './llm-types.js';
import { matchesLlmCallFilter } from '../engine/domain/llm-call-filter.js';

const KINDS = ['CREATED', 'UPDATED'] as const;
const LlmCallEventKindEnum = builder.enumType('LlmCallEventKind', { values: KINDS });

interface LlmCallEvent {
  kind: (typeof KINDS)[number];
  call: LlmCall;
  seq: number;
  at: number;
}

const LlmCallEventRef = builder.objectRef<LlmCallEvent>('LlmCallEvent').implement({
  fields: (t) => ({
    id: t.id({ description: 'The event: the same for every subscriber, opaque, ordered within the server process that sent it (ids are shared by every live field of an org: one from jobEvents resumes alertEvents too). Pass the last one seen as `after` when resubscribing to receive what was missed.', resolve: (e, _args, ctx) => ctx.services.live.eventId(e) }),
    kind: t.expose('kind', { type: LlmCallEventKindEnum }),
    call: t.field({ type: LlmCallRef, description: 'The call after the change.', resolve: (e) => e.call }),
  }),
});

/** A change feed event as an LLM call event (made once per change). */
const toLlmCallEvent = perChange((event, { seq, at }): LlmCallEvent | undefined => {
  if (event.kind !== 'llm.created' && event.kind !== 'llm.updated') return undefined;
  return { kind: event.kind === 'llm.created' ? 'CREATED' : 'UPDATED', call: event.call, seq, at };
});

builder.subscriptionField('llmCallEvents', (t) =>
  t.field({
    type: LlmCallEventRef,
    description:
      'Calls of your org that match the filter: CREATED when queued, UPDATED on each change (start, first token, retry, end). With `after`, the events since then come first; when the server no longer holds them, the subscription ends with the error RESYNC_REQUIRED: refetch, then subscribe again without `after`.',
    authScopes: { permission: 'llm:read' },
    args: { filter: t.arg({ type: LlmCallFilterInput }), after: t.arg.id({ description: AFTER_DESCRIPTION }) },
    subscribe: (_root, args, ctx) => {
      const filter = toLlmCallFilter(args.filter);
      return resumableLiveEvents<LlmCallEvent>(ctx, `llmCallEvents\u0000${JSON.stringify(filter)}`, (event, stamp) => {
        const e = toLlmCallEvent(event, stamp);
        if (!e || !matchesLlmCallFilter(e.call, filter)) return undefined;
        return { value: e };
      }, args.after);
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField('llmSchedulerStatus', (t) =>
  t.field({
    type: LlmSchedulerStatusRef,
    description: 'The current status at once, then on each change (at most a few times a second).',
    authScopes: { permission: 'llm:read' },
    subscribe: (_root, _args, ctx) => {
      const gateway = ctx.services.llm;
      return new Repeater<LlmSchedulerStatus>(async (push, stop) => {
        // Listen first, so no change between the snapshot and the listener is lost.
        const unsubscribe = gateway.onStatusChange((status) => void push(status));
        void push(gateway.status());
        await stop;
        unsubscribe();
      });
    },
    resolve: (status) => status,
  }),
);
