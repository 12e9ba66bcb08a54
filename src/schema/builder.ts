/** The Pothos builder: plugins, context, scalars and auth scopes. One file per entity adds to it. */
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../engine/domain/errors.js';
import { hasPermission } from '../engine/services/token-service.js';
import type { Permission } from '../engine/domain/types.js';
import type { GraphQLContext } from './context.js';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    /** Epoch milliseconds inside, ISO-8601 strings outside. */
    DateTime: { Input: number; Output: number };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string };
  };
  AuthScopes: { permission: Permission };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      permission: (permission: Permission) => (ctx.token ? hasPermission(ctx.token, permission) : false),
    }),
    unauthorizedError: (_parent, ctx, _info, result) => {
      if (!ctx.token) return ctx.authError ?? new UnauthenticatedError('missing API token');
      return new ForbiddenError(`missing permission: ${missingPermission(result.failure) ?? result.message}`);
    },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

/** The permission a failed auth check asked for: `authScopes: { permission }` fails as AnyAuthScopes around it. */
function missingPermission(failure: { kind: string; parameter?: unknown; failures?: unknown[] }): string | undefined {
  if (failure.kind === 'AuthScope') return String(failure.parameter);
  for (const inner of failure.failures ?? []) {
    const found = missingPermission(inner as typeof failure);
    if (found) return found;
  }
  return undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): number {
  if (typeof value === 'string' && ISO.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw new GraphQLError(`DateTime must be an ISO-8601 date-time with a zone, like 2026-01-31T09:00:00Z; got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO-8601 string with a zone (UTC "Z" on output).',
  serialize: (value) => new Date(value).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function literal(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value, variables)]));
    case Kind.LIST:
      return ast.values.map((v) => literal(v, variables));
    case Kind.NULL:
      return null;
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      return undefined;
  }
}

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  // The variables come as a rest parameter: graphql-jit prints a warning for every document it
  // compiles when a scalar's parseLiteral declares two parameters, because it parses literals
  // without variables. Documents with a variable inside a literal never run compiled
  // (server/compiled-execution.ts), so the warning would only be noise.
  parseLiteral: (ast, ...rest: [Record<string, unknown> | null | undefined]) => literal(ast, rest[0]),
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
