/**
 * A time and size budget per operation, and cancellation when the client goes away.
 *
 * Each query or mutation runs under a stop signal (`ctx.signal` for resolvers and the services they
 * call, which poll its `aborted`) that is raised when the operation runs past `timeoutMs`, resolves
 * more than `maxNodes` fields, or its client leaves (the HTTP request closes; over graphql-ws the
 * caller passes a signal that aborts on `complete` or socket close). The operation answers at once
 * with one error and no data.
 *
 * Once stopped, every resolver answers null without running, so the work left behind winds down
 * without touching the store. Nothing is made to reject: the executor is not given a signal, since
 * on abort it abandons the promises of fields already under way, and their rejections would surface
 * as unhandled (and end a process run with --unhandled-rejections=strict).
 */
import {
  GraphQLError,
  defaultFieldResolver,
  getOperationAST,
  isIntrospectionType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isPromise } from './maybe-promise.js';

export interface OperationBudgetOptions {
  /** The longest an operation may run, in ms. */
  timeoutMs: number;
  /** The most fields one response may hold. */
  maxNodes: number;
}

/**
 * One operation's budget, and its stop signal: `ctx.signal` is the budget itself, which services and
 * stores poll (`aborted`) between the chunks of a long read. A plain object, not an AbortController:
 * nothing listens to it, and an operation is too short-lived to pay for one.
 */
class Budget {
  /** Why it stopped, once it has. */
  reason: GraphQLError | undefined;
  nodes = 0;
  /** performance.now() past which the operation is out of time. */
  readonly deadline: number;
  /** When the operation last gave the event loop a turn. */
  lastYield: number;
  /** While the operation waits for its turn: every resolver waits for it. */
  turn: Promise<void> | undefined;
  /** Answers the operation at once with the stop's error (set while its execution is awaited). */
  onStop: ((error: GraphQLError) => void) | undefined;

  constructor(
    readonly maxNodes: number,
    readonly timeoutMs: number,
    start: number,
  ) {
    this.deadline = start + timeoutMs;
    this.lastYield = start;
  }

  get aborted(): boolean {
    return this.reason !== undefined;
  }

  stop(error: GraphQLError): void {
    if (this.reason) return;
    this.reason = error;
    this.onStop?.(error);
  }
}

/**
 * Resolvers that answer from an in-process store settle in microtasks: an operation could hold the
 * event loop for its whole run, and no timer, socket close or other request would get a turn. It
 * yields once this long has passed since it last did.
 */
const YIELD_EVERY_MS = 10;
/** The clock is read once per this many fields (a power of two): a field costs microseconds. */
const CLOCK_EVERY_FIELDS = 16;

/** Where an operation's budget is kept: on its context, and on its context's loaders. */
const BUDGET = Symbol('operation budget');
type Holder = { [BUDGET]?: Budget | undefined };
const wrappedSchemas = new WeakSet<GraphQLSchema>();

/**
 * Runs `send` (a loader's batch) once the operation whose context holds `loaders` has no turn pending.
 * The resolvers that wait for the operation's turn would call their loaders only after it: sent
 * earlier, one page's rows would go out in several batches. Without a budget (subscriptions) it runs
 * after this turn. (The execution's context is yoga's copy of the one built per request; the loaders
 * object is the same in both, so it is the key.)
 */
export function afterPendingTurn(loaders: object, send: () => void): void {
  const go = () => {
    const turn = (loaders as Holder)[BUDGET]?.turn;
    if (turn) void turn.then(() => setImmediate(go));
    else send();
  };
  setImmediate(go);
}

export function timeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(
    `the operation ran past its time budget of ${timeoutMs} ms (JOBCENTER_OPERATION_TIMEOUT_MS) and was stopped: ask for fewer items or fields`,
    { extensions: { code: 'OPERATION_TIMEOUT', timeoutMs } },
  );
}

export function tooManyNodesError(maxNodes: number): GraphQLError {
  return new GraphQLError(
    `the response would hold more than ${maxNodes} fields (JOBCENTER_MAX_RESPONSE_NODES) and was stopped: ask for fewer items or fields`,
    { extensions: { code: 'RESPONSE_TOO_LARGE', maxNodes } },
  );
}

export function clientGoneError(): GraphQLError {
  return new GraphQLError('the client went away; the operation was stopped', { extensions: { code: 'CANCELLED' } });
}

/**
 * What a field answers once its operation has stopped: null, through a promise. yoga's executor
 * completes a list's items one after another, and when an item throws at once (a null where the
 * schema says non-null) it gives up the items before it that are still promises: when those then
 * settle as errors (the same nulls, a moment later), nobody handles them. Answered through a promise,
 * no item throws at once, and the list waits for all of them.
 */
const STOPPED: Promise<null> = Promise.resolve(null);

/**
 * Wraps every resolver of the schema's own types once: it counts the field against the operation's
 * node budget, and once the operation is aborted answers null instead of running or handing on its
 * result. Introspection types are graphql-js's own, shared by every schema: they are left alone
 * (introspection is held to the depth, alias and cost limits instead).
 */
function guardResolvers(schema: GraphQLSchema): void {
  if (wrappedSchemas.has(schema)) return;
  wrappedSchemas.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const budget = context && typeof context === 'object' ? (context as Holder)[BUDGET] : undefined;
        if (!budget) return resolve(source, args, context, info);
        if (budget.aborted) return STOPPED;
        if (++budget.nodes > budget.maxNodes) {
          budget.stop(tooManyNodesError(budget.maxNodes));
          return STOPPED;
        }
        if (!budget.turn) {
          // No closure is made on this path: it runs for every field of every response.
          if ((budget.nodes & (CLOCK_EVERY_FIELDS - 1)) !== 0) return runGuarded(resolve, source, args, context, info, budget);
          const now = performance.now();
          if (now > budget.deadline) {
            budget.stop(timeoutError(budget.timeoutMs));
            return STOPPED;
          }
          if (now - budget.lastYield < YIELD_EVERY_MS) return runGuarded(resolve, source, args, context, info, budget);
          budget.turn = new Promise<void>((resolveTurn) => setImmediate(resolveTurn)).then(() => {
            budget.turn = undefined;
            budget.lastYield = performance.now();
          });
        }
        return budget.turn.then(() => (budget.aborted ? null : runGuarded(resolve, source, args, context, info, budget)));
      };
    }
  }
}

/** Runs a field's resolver; a result that settles after the operation was aborted answers null. */
function runGuarded(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  source: unknown,
  args: Record<string, unknown>,
  context: unknown,
  info: GraphQLResolveInfo,
  budget: Budget,
): unknown {
  const result = resolve(source, args, context, info);
  return result instanceof Promise ? result.then((value) => (budget.aborted ? null : value)) : result;
}

/** How an operation learns that its client left: graphql-ws passes `signal`; HTTP has a ClientLink. */
interface ClientGone {
  readonly gone: boolean;
  onGone(listener: () => void): () => void;
}

function clientOf(args: { signal?: AbortSignal; contextValue?: unknown }): ClientGone | undefined {
  if (args.signal) return fromSignal(args.signal);
  const context = args.contextValue as { client?: ClientGone; request?: Request } | undefined;
  if (context?.client) return context.client;
  // A request yoga built from the Node request itself (GET): its signal aborts when the client leaves.
  const signal = context?.request?.signal;
  return signal && fromSignal(signal);
}

function fromSignal(signal: AbortSignal): ClientGone {
  return {
    get gone() {
      return signal.aborted;
    },
    onGone(listener) {
      signal.addEventListener('abort', listener, { once: true });
      return () => signal.removeEventListener('abort', listener);
    },
  };
}

export function useOperationBudget(options: OperationBudgetOptions): Plugin<{ signal?: AbortSignal }> {
  return {
    onSchemaChange({ schema }) {
      guardResolvers(schema);
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation || operation.operation === 'subscription') return;
      guardResolvers(args.schema);
      const context = args.contextValue as Holder & { signal?: unknown; loaders?: unknown };
      const budget = new Budget(options.maxNodes, options.timeoutMs, performance.now());
      context[BUDGET] = budget;
      const loaders = context.loaders && typeof context.loaders === 'object' ? (context.loaders as Holder) : undefined;
      if (loaders) loaders[BUDGET] = budget;
      context.signal = budget;

      setExecuteFn((execArgs) => {
        const client = clientOf(args as { signal?: AbortSignal; contextValue?: unknown });
        let stopListening: (() => void) | undefined;
        if (client?.gone) budget.stop(clientGoneError());
        else if (client) stopListening = client.onGone(() => budget.stop(clientGoneError()));
        const timer = setTimeout(() => budget.stop(timeoutError(options.timeoutMs)), options.timeoutMs);
        timer.unref?.();
        // Fields still winding down after a stop keep answering null until the execution has ended.
        const ended = () => {
          clearTimeout(timer);
          stopListening?.();
          if (context[BUDGET] === budget) context[BUDGET] = undefined;
          if (loaders && loaders[BUDGET] === budget) loaders[BUDGET] = undefined;
        };
        let execution: ReturnType<typeof executeFn>;
        try {
          execution = executeFn(execArgs);
        } catch (error) {
          ended();
          throw error;
        }
        if (!isPromise(execution)) {
          ended();
          // A budget that ran out while the last fields completed: the partial answer is not sent.
          return budget.reason ? { errors: [budget.reason] } : execution;
        }
        // Answers with the execution's result, or at once with the stop's error; whatever the
        // execution ends with after a stop is not sent, and must not surface as unhandled.
        return new Promise((resolve, reject) => {
          if (budget.reason) resolve({ errors: [budget.reason] });
          else budget.onStop = (error) => resolve({ errors: [error] });
          execution.then(
            (result) => {
              ended();
              resolve(budget.reason ? { errors: [budget.reason] } : result);
            },
            (error: unknown) => {
              ended();
              if (budget.reason) resolve({ errors: [budget.reason] });
              else reject(error);
            },
          );
        });
      });
    },
  };
}
