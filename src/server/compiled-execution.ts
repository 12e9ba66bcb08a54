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
 * A compiled document's literal arguments are parsed once and shared by all its runs, so resolvers
 * treat their arguments as read-only (each builds its own input for the services).
 *
 * Resolvers, auth scopes and the operation budget (./operation-budget.ts, which wraps the compiled
 * execution as it wraps graphql-js's) are the same either way; errors keep their locations through
 * masking (schema/errors.ts).
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { Kind, visit, BREAK, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Uses of a document before it is compiled: one-off documents never are. */
export const COMPILE_AFTER_USES = 3;

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

export function useCompiledExecution(): Plugin {
  const uses = new WeakMap<DocumentNode, number>();
  const eligible = new WeakMap<DocumentNode, boolean>();
  return useGraphQlJit(
    {},
    {
      enableIf({ document }) {
        const used = (uses.get(document) ?? 0) + 1;
        uses.set(document, used);
        if (used < COMPILE_AFTER_USES) return false;
        let ok = eligible.get(document);
        if (ok === undefined) eligible.set(document, (ok = compilable(document)));
        if (ok) compiledCounts.runs++;
        return ok;
      },
    },
  ) as Plugin;
}
