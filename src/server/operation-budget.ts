/**
 * A time and size budget per operation, and cancellation when the client goes away.
 *
 * Each query or mutation runs under an AbortSignal (`ctx.signal` for resolvers and the services they
 * call) that aborts when the operation runs past `timeoutMs`, resolves more than `maxNodes` fields,
 * or its client leaves (the HTTP request closes; over graphql-ws the caller passes a signal that
 * aborts on `complete` or socket close). The operation answers at once with one error and no data.
 *
 * Once aborted, every resolver answers null without running, so the work left behind winds down
 * without touching the store. Nothing is made to reject: the executor is not given the signal, since
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

export interface OperationBudgetOptions {
  /** The longest an operation may run, in ms. */
  timeoutMs: number;
  /** The most fields one response may hold. */
  maxNodes: number;
}

interface Budget {
  controller: AbortController;
  nodes: number;
  maxNodes: number;
  timeoutMs: number;
  /** performance.now() past which the operation is out of time. */
  deadline: number;
  /** When the operation last gave the event loop a turn. */
  lastYield: number;
  /** While the operation waits for its turn: every resolver waits for it. */
  turn: Promise<void> | undefined;
}

/**
 * Resolvers that answer from an in-process store settle in microtasks: an operation could hold the
 * event loop for its whole run, and no timer, socket close or other request would get a turn. It
 * yields once this long has passed since it last did.
 */
const YIELD_EVERY_MS = 10;

const budgets = new WeakMap<object, Budget>();
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
    const turn = budgets.get(loaders)?.turn;
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
        const budget = context && typeof context === 'object' ? budgets.get(context) : undefined;
        if (!budget) return resolve(source, args, context, info);
        const { signal } = budget.controller;
        if (signal.aborted) return null;
        if (++budget.nodes > budget.maxNodes) {
          budget.controller.abort(tooManyNodesError(budget.maxNodes));
          return null;
        }
        const now = performance.now();
        if (now > budget.deadline) {
          budget.controller.abort(timeoutError(budget.timeoutMs));
          return null;
        }
        // No closure is made on this path: it runs for every field of every response.
        if (!budget.turn && now - budget.lastYield < YIELD_EVERY_MS) return runGuarded(resolve, source, args, context, info, signal);
        budget.turn ??= new Promise<void>((resolveTurn) => setImmediate(resolveTurn)).then(() => {
          budget.turn = undefined;
          budget.lastYield = performance.now();
        });
        return budget.turn.then(() => (signal.aborted ? null : runGuarded(resolve, source, args, context, info, signal)));
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
  signal: AbortSignal,
): unknown {
  const result = resolve(source, args, context, info);
  return result instanceof Promise ? result.then((value) => (signal.aborted ? null : value)) : result;
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
      const controller = new AbortController();
      const context = args.contextValue as { signal?: AbortSignal };
      const start = performance.now();
      const budget: Budget = {
        controller,
        nodes: 0,
        maxNodes: options.maxNodes,
        timeoutMs: options.timeoutMs,
        deadline: start + options.timeoutMs,
        lastYield: start,
        turn: undefined,
      };
      budgets.set(context, budget);
      const loaders = (context as { loaders?: unknown }).loaders;
      if (loaders && typeof loaders === 'object') budgets.set(loaders, budget);
      context.signal = controller.signal;

      const client = clientOf(args as { signal?: AbortSignal; contextValue?: unknown });
      const onClientGone = () => controller.abort(clientGoneError());
      let stopListening: (() => void) | undefined;
      if (client?.gone) onClientGone();
      else stopListening = client?.onGone(onClientGone);
      const timer = setTimeout(() => controller.abort(timeoutError(options.timeoutMs)), options.timeoutMs);
      timer.unref?.();

      setExecuteFn(async (execArgs) => {
        const execution = Promise.resolve(executeFn(execArgs));
        // The execution may go on briefly after an abort (fields already under way wind down as
        // null); whatever it ends with is not sent, and must not surface as unhandled.
        execution.catch(() => undefined);
        const aborted = new Promise<never>((_, reject) => {
          if (controller.signal.aborted) reject(controller.signal.reason);
          else controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
        });
        aborted.catch(() => undefined);
        try {
          const result = await Promise.race([execution, aborted]);
          // A budget that ran out while the last fields completed: the partial answer is not sent.
          if (controller.signal.aborted) return { errors: [controller.signal.reason as GraphQLError] };
          return result;
        } catch (error) {
          if (controller.signal.aborted && error === controller.signal.reason) return { errors: [error as GraphQLError] };
          throw error;
        } finally {
          clearTimeout(timer);
          stopListening?.();
          // Fields still winding down keep answering null until the execution has ended.
          void execution
            .finally(() => {
              budgets.delete(context);
              if (loaders && typeof loaders === 'object') budgets.delete(loaders);
            })
            .catch(() => undefined);
        }
      });
    },
  };
}
