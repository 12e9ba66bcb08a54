/**
 * One execution per event for every subscriber of the same operation.
 *
 * A live event is executed against each subscription's selection set before it is sent. Subscribers
 * whose operation is the same (query text, operation name, the variables the selection set uses)
 * and who see the same data (org and permissions) would all compute the same result: the first to
 * take an event executes it, the others reuse the result. Subscription sources hand on one object per change (see
 * schema/live-subscription.ts), which is what the results are remembered by; a result is kept only
 * while its event is.
 *
 * Each subscriber keeps its own source stream, but only for what is per client (the snapshot,
 * resume, the bounded queue): selecting the changes is done once per group of subscribers
 * (engine/services/live-groups.ts). graphql-ws subscriptions come here through the server's
 * `subscribe` option, SSE subscriptions through yoga's (`useSharedExecution`).
 *
 * A result is serialised and encoded once too. A subscription given a writer (`writeTo`: graphql-ws
 * sockets) takes each event from its live queue as it comes (no promise per event when the
 * execution was synchronous) and has the shared UTF-8 payload framed and written to its socket by
 * ./next-writer.ts, instead of graphql-ws serialising the same result again for every client; it
 * then yields nothing to graphql-ws and ends when its source does, and graphql-ws sends `complete`
 * or `error` as usual.
 */
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  print,
  visit,
  type ASTNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../schema/context.js';
import { isPromise } from './maybe-promise.js';
import type { NextWriter } from './next-writer.js';

/**
 * The same sharing for subscriptions yoga serves itself (SSE): its subscribe goes through `shared`,
 * so an event is executed once for all SSE and graphql-ws subscribers of the same operation and
 * audience. Yoga serialises each SSE stream's events itself (one stream, one response body).
 */
export function useSharedExecution(shared: SharedExecution): Plugin {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn((args) => shared.subscribe(args));
    },
  };
}

export interface SharedExecution {
  subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
  /** Makes the subscription started with these args write its events through `writer`. */
  writeTo(args: ExecutionArgs, writer: NextWriter): void;
  /** Events executed (not reused) since the server started: what sharing saves shows here. */
  readonly executions: number;
  /** Results serialised to JSON (once per execution that a socket sent, not once per socket). */
  readonly serialisations: number;
}

/** Who sees the same result for the same operation: same org, same permissions. */
function audienceOf(context: GraphQLContext): string | undefined {
  const token = context.token;
  if (!token) return undefined;
  return `${token.orgId}\u0000${[...token.permissions].sort().join(',')}`;
}

/**
 * The variables an event's execution can depend on: all but those used only in the subscription
 * field's own arguments. Those (a filter, `after`) choose the events, in the source stream; every
 * live field's resolver hands the event on unchanged, so subscribers that differ only there share
 * the execution of the events they both receive.
 */
function executionVariables(args: ExecutionArgs): Record<string, unknown> {
  // No variables and `{}` are the same operation (graphql-ws clients send one, SSE clients the other).
  const values = args.variableValues ?? {};
  const operation = getOperationAST(args.document, args.operationName);
  const root = operation?.selectionSet.selections.length === 1 ? operation.selectionSet.selections[0] : undefined;
  if (!operation || root?.kind !== Kind.FIELD) return values;
  const inRootArguments = new Set<string>();
  for (const argument of root.arguments ?? []) visit(argument, { Variable: (node) => void inRootArguments.add(node.name.value) });
  const elsewhere = new Set<string>();
  const count = (node: ASTNode) => visit(node, { Variable: (variable) => void elsewhere.add(variable.name.value) });
  for (const directive of root.directives ?? []) count(directive);
  if (root.selectionSet) count(root.selectionSet);
  for (const definition of args.document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) count(definition);
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) if (!inRootArguments.has(name) || elsewhere.has(name)) kept[name] = value;
  return kept;
}

function operationKey(args: ExecutionArgs): string | undefined {
  const audience = audienceOf(args.contextValue as GraphQLContext);
  if (audience === undefined) return undefined;
  const source = args.document.loc?.source.body ?? print(args.document);
  return JSON.stringify([source, args.operationName ?? null, executionVariables(args), audience]);
}


export function createSharedExecution(maskError: (error: unknown) => Error): SharedExecution {
  const results = new WeakMap<object, Map<string, Shared | Promise<Shared>>>();
  const writers = new WeakMap<ExecutionArgs, NextWriter>();
  let executions = 0;
  const counts = { serialisations: 0 };

  const masked = (result: ExecutionResult): ExecutionResult => {
    if (!result.errors?.length) return result;
    return {
      ...result,
      errors: result.errors.map((error) => {
        const m = maskError(error);
        return m instanceof GraphQLError ? m : new GraphQLError(m.message);
      }),
    };
  };

  /** The shared result, at once when execution was synchronous (the usual case for live events). */
  const run = (args: ExecutionArgs, payload: unknown): Shared | Promise<Shared> => {
    executions++;
    const result = execute({ ...args, rootValue: payload });
    if (!isPromise(result)) return new Shared(masked(result), counts);
    return result.then((done) => new Shared(masked(done), counts));
  };

  // The last result taken: an event is handed to a group's subscribers one after the other, so most
  // take the result the one before them took, without a lookup.
  let last: { payload: object; key: string; result: Shared } | undefined;

  function resultFor(args: ExecutionArgs, key: string | undefined, payload: unknown): Shared | Promise<Shared> {
    if (key === undefined || payload === null || typeof payload !== 'object') return run(args, payload);
    if (last !== undefined && last.payload === payload && last.key === key) return last.result;
    const result = lookup(args, key, payload);
    if (!isPromise(result)) last = { payload, key, result };
    return result;
  }

  function lookup(args: ExecutionArgs, key: string, payload: object): Shared | Promise<Shared> {
    let byOperation = results.get(payload);
    if (!byOperation) {
      byOperation = new Map();
      results.set(payload, byOperation);
    }
    let result = byOperation.get(key);
    if (!result) {
      result = run(args, payload);
      byOperation.set(key, result);
      // Once settled, later subscribers take the result without waiting a microtask.
      if (isPromise(result)) void result.then((shared) => byOperation.set(key, shared), () => undefined);
    }
    return result;
  }

  return {
    get executions() {
      return executions;
    },
    get serialisations() {
      return counts.serialisations;
    },
    writeTo(args, writer) {
      writers.set(args, writer);
    },
    async subscribe(args) {
      const source = await createSourceEventStream(args);
      if (!(Symbol.asyncIterator in source)) return masked(source);
      const events = source as AsyncIterableIterator<unknown>;
      const key = operationKey(args);
      const writer = writers.get(args);
      const mapped: AsyncIterableIterator<ExecutionResult> = {
        async next() {
          if (!writer) {
            const next = await events.next();
            if (next.done) return { done: true, value: undefined };
            return { done: false, value: (await resultFor(args, key, next.value)).result };
          }
          // Written here, one shared payload per event; graphql-ws hears only the end.
          const take = (value: unknown): Promise<void> | undefined => {
            const shared = resultFor(args, key, value);
            if (!isPromise(shared)) return writer.next(shared.bytes);
            return shared.then((done) => writer.next(done.bytes));
          };
          try {
            // A live queue hands each event over as it is pushed (no promise per event and client).
            if (isDirectSource(events)) {
              await events.direct(take);
              return { done: true, value: undefined };
            }
            for (;;) {
              const next = await events.next();
              if (next.done) return { done: true, value: undefined };
              const flushed = take(next.value);
              if (flushed) await flushed;
            }
          } finally {
            // Before graphql-ws sends `complete` or `error`, the frames still waiting go.
            writer.flush();
          }
        },
        async return() {
          await events.return?.();
          return { done: true, value: undefined };
        },
        async throw(error: unknown) {
          await events.return?.();
          throw error;
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
      return mapped;
    },
  };
}

/** A source that can hand its events straight to a consumer (schema/live-queue.ts). */
interface DirectSource {
  direct(take: (value: unknown) => Promise<void> | undefined): Promise<void>;
}

function isDirectSource(source: object): source is DirectSource {
  return typeof (source as Partial<DirectSource>).direct === 'function';
}

/** One execution's result and its JSON, made on first use and shared by every subscriber. */
class Shared {
  #json: string | undefined;
  #bytes: Buffer | undefined;
  constructor(
    readonly result: ExecutionResult,
    private readonly counts: { serialisations: number },
  ) {}

  get json(): string {
    if (this.#json === undefined) {
      this.counts.serialisations++;
      // GraphQLError's toJSON gives the same shape graphql-ws sends.
      this.#json = JSON.stringify(this.result);
    }
    return this.#json;
  }

  /** The JSON as UTF-8, encoded once for every socket. */
  get bytes(): Buffer {
    return (this.#bytes ??= Buffer.from(this.json));
  }
}
