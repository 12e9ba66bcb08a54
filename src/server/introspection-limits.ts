/**
 * Introspection (`__schema`, `__type`) needs a valid token, like every other field (GraphiQL sends
 * the Authorization header it is given; the console is typed from the committed schema.graphql), and
 * is held to the depth limit. Its aliases are counted by the alias limit and its cost by ./cost.ts.
 *
 * Depth inside introspection is counted with fragments flattened and a chain of `ofType` as one
 * level: that chain is how a wrapped type is spelled (`[Job!]!`), not nesting that fans out, and
 * GraphiQL's own query spells it nine deep.
 */
import {
  GraphQLError,
  Kind,
  getOperationAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { JobcenterError, UnauthenticatedError } from '../engine/domain/errors.js';
import { DocumentCache } from '../schema/document-cache.js';
import { toGraphQLError } from '../schema/errors.js';
import type { GraphQLContext } from '../schema/context.js';

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

/**
 * The depth of the operation's introspection selections (0 when it has none), counted from the
 * root: `{ __schema { types { name } } }` is 3.
 */
export function introspectionDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = fragmentsOf(document);
  // Validation refuses fragment cycles; the guard keeps a bad document from looping here anyway.
  const depthOf = (set: SelectionSetNode, inOfType: boolean, spreading: ReadonlySet<string>): number => {
    let deepest = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const ofType = s.name.value === 'ofType';
        const own = ofType && inOfType ? 0 : 1;
        deepest = Math.max(deepest, own + (s.selectionSet ? depthOf(s.selectionSet, ofType, spreading) : 0));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(s.selectionSet, inOfType, spreading));
      } else if (!spreading.has(s.name.value)) {
        const fragment = fragments.get(s.name.value);
        if (fragment) deepest = Math.max(deepest, depthOf(fragment.selectionSet, inOfType, new Set([...spreading, s.name.value])));
      }
    }
    return deepest;
  };
  const roots = (set: SelectionSetNode, spreading: ReadonlySet<string>): number => {
    let deepest = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (INTROSPECTION_ROOTS.has(s.name.value)) deepest = Math.max(deepest, 1 + (s.selectionSet ? depthOf(s.selectionSet, false, spreading) : 0));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, roots(s.selectionSet, spreading));
      } else if (!spreading.has(s.name.value)) {
        const fragment = fragments.get(s.name.value);
        if (fragment) deepest = Math.max(deepest, roots(fragment.selectionSet, new Set([...spreading, s.name.value])));
      }
    }
    return deepest;
  };
  return roots(operation.selectionSet, new Set());
}

/** The depth depends on the document alone (schema/document-cache.ts). */
const depths = new DocumentCache<number | undefined>();

export function useIntrospectionLimits(options: { maxDepth: number }): Plugin<GraphQLContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const depth = depths.get(args.document, args.operationName, () => {
        const operation = getOperationAST(args.document, args.operationName);
        return operation ? introspectionDepth(args.document, operation) : undefined;
      });
      if (depth === undefined) return;
      if (depth === 0) return;
      const context = args.contextValue as GraphQLContext;
      if (!context.token) {
        const reason = context.authError instanceof JobcenterError ? context.authError : new UnauthenticatedError('missing API token');
        return setResultAndStopExecution({ errors: [toGraphQLError(reason)] });
      }
      if (depth > options.maxDepth) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `the introspection selection is ${depth} deep, over the depth limit of ${options.maxDepth} (JOBCENTER_MAX_QUERY_DEPTH)`,
              { extensions: { code: 'BAD_REQUEST', depth, maxDepth: options.maxDepth } },
            ),
          ],
        });
      }
    },
  };
}
