/**
 * Queries and mutations that come again run compiled (graphql-jit through envelop's plugin): a
 * document seen `COMPILE_AFTER_USES` times is compiled once into a function that resolves and
 * completes its fields, and later runs of it use that (a list of 20 jobs or an enqueue of 1,000
 * costs about a quarter to a third less CPU than graphql-js's interpreter). The first uses run on
 * graphql-js, so a client that sends a new document each time never pays for a compilation; the
 * compiled function lives as long as the parsed document does in yoga's parse cache.
 *
 * Only documents the compiler treats exactly as graphql-js does are compiled:
 * - one operation, a query or a mutation (envelop's plugin keys its cache by document, not by
 *   operation name; subscriptions go through ./shared-execution.ts);
 * - no variable inside an object or list literal (`payload: { ms: $ms }`): the compiler parses a
 *   custom scalar's literal once, without the variables, so the JSON scalar would lose them;
 * - no introspection (`__schema`, `__type`), which is rare and stays on graphql-js.
 *
 * Compiling is costly and holds the event loop (about 10 µs per significant character of the
 * document, outside whitespace, commas and comments: 1-2 ms for a list page's query, 10 ms for the
 * console's job page), so a client must not be able to make the server compile at will. Documents of
 * more than `MAX_COMPILED_CHARS` significant characters are never compiled, and each org has a
 * budget of them compiled per second (`COMPILE_CHARS_PER_SECOND`, in bursts up to
 * `COMPILE_BURST_CHARS`): past it a document runs on graphql-js and is compiled on a later use. A
 * client that sends new documents without end costs at most about 5 % of a core in compilations.
 * Counting the raw text instead let a minified document compile almost twice the work of a
 * formatted one under the same limit.
 *
 * A compiled document's literal arguments are parsed once and shared by all its runs, so resolvers
 * treat their arguments as read-only (each builds its own input for the services).
 *
 * Resolvers, auth scopes and the operation budget (./operation-budget.ts, which wraps the compiled
 * execution as it wraps graphql-js's) are the same either way; errors keep their locations through
 * masking (schema/errors.ts).
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { Kind, visit, BREAK, stripIgnoredCharacters, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { TokenBuckets } from '../engine/domain/token-bucket.js';
import { isPromise } from './maybe-promise.js';

/** Uses of a document before it is compiled: one-off documents never are. */
export const COMPILE_AFTER_USES = 3;
/**
 * Documents with more significant characters always run on graphql-js: at most about 12 ms of
 * compiling at once; the console's largest document (its job page) has 1,026.
 */
export const MAX_COMPILED_CHARS = 1_200;
/** Significant characters of documents an org may have compiled per second, and at once. */
export const COMPILE_CHARS_PER_SECOND = 4_000;
export const COMPILE_BURST_CHARS = 20_000;

/**
 * Whether a document may be compiled now for this org: not too long, and within the org's budget of
 * characters compiled (what is not compiled now runs on graphql-js, and may be compiled later).
 */
export function createCompileGate(limits = { maxChars: MAX_COMPILED_CHARS, charsPerSecond: COMPILE_CHARS_PER_SECOND, burstChars: COMPILE_BURST_CHARS }) {
  const budgets = new TokenBuckets(limits.charsPerSecond, limits.burstChars);
  return (length: number, orgKey: string, now: number): boolean => length <= limits.maxChars && budgets.take(orgKey, length, now).ok;
}

/**
 * What compiling a document costs, in significant characters: its text without whitespace, commas
 * and comments, as graphql-js's lexer sees them (a `#` inside a string is not a comment). A parsed
 * document keeps its text (yoga parses with locations); without it, it counts as too long.
 */
export function compileWeight(document: DocumentNode): number {
  return document.loc ? stripIgnoredCharacters(document.loc.source).length : Infinity;
}

/** Whether the compiled execution means the same as graphql-js's for this document. */
export function compilable(document: DocumentNode): boolean {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]!.operation === 'subscription') return false;
  let ok = true;
  // How deep the visit is inside object and list literals.
  let inLiteral = 0;
  visit(document, {
    ObjectValue: { enter: () => void inLiteral++, leave: () => void inLiteral-- },
    ListValue: { enter: () => void inLiteral++, leave: () => void inLiteral-- },
    Variable(node, _key, parent) {
      // A variable's definition (`$ms: Int`) is not a use.
      if ((parent as { kind?: string } | undefined)?.kind === Kind.VARIABLE_DEFINITION) return;
      if (inLiteral > 0) {
        ok = false;
        return BREAK;
      }
      return undefined;
    },
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        ok = false;
        return BREAK;
      }
      return undefined;
    },
  });
  return ok;
}

/** Operations run compiled since the process started (tests and benches read it). */
export const compiledCounts = { runs: 0 };

export function useCompiledExecution(gate = createCompileGate()): Plugin {
  const uses = new WeakMap<DocumentNode, number>();
  /** A document's significant characters (compileWeight), or Infinity when it is not compilable. */
  const weights = new WeakMap<DocumentNode, number>();
  // Documents compiled (or being compiled by this run): the plugin keeps their compiled form.
  const compiled = new WeakSet<DocumentNode>();
  const jit = useGraphQlJit(
    {},
    {
      enableIf({ document, contextValue }) {
        if (!compiled.has(document)) {
          const used = (uses.get(document) ?? 0) + 1;
          uses.set(document, used);
          if (used < COMPILE_AFTER_USES) return false;
          let weight = weights.get(document);
          if (weight === undefined) weights.set(document, (weight = compilable(document) ? compileWeight(document) : Infinity));
          if (weight === Infinity) return false;
          const org = (contextValue as { token?: { orgId?: string } } | undefined)?.token?.orgId ?? '';
          if (!gate(weight, org, Date.now())) return false;
          compiled.add(document);
        }
        compiledCounts.runs++;
        return true;
      },
    },
  );
  return {
    onExecute(payload) {
      // Variables the compiled run refuses are refused again by graphql-js, whose errors name the
      // variable and the path inside it (the compiler names the innermost field, as if it were a
      // variable). Nothing has run at that point, so running it again changes nothing.
      const interpreted = payload.executeFn;
      return jit.onExecute!({
        ...payload,
        setExecuteFn: (compiledExecute) =>
          payload.setExecuteFn((args) => {
            const result = compiledExecute(args);
            const check = (done: Awaited<typeof result>) => (refusedBeforeRunning(done) ? interpreted(args) : done);
            return isPromise(result) ? result.then(check) : check(result);
          }),
      });
    },
  };
}

/**
 * A result with errors, none of them at a field, and no data at all: the request was refused before
 * any field ran (so running it again cannot run a mutation twice).
 */
function refusedBeforeRunning(result: unknown): boolean {
  const r = result as { errors?: ReadonlyArray<{ path?: unknown }>; data?: unknown } | null;
  return !!r && typeof r === 'object' && !!r.errors?.length && r.data === undefined && r.errors.every((error) => error.path === undefined);
}
