/**
 * Errors as clients see them: every expected error carries `extensions.code` (and `issues` for input
 * errors); anything unexpected becomes "Unexpected error." with code INTERNAL, details in the log only.
 */
import { GraphQLError, Source, type GraphQLErrorOptions } from 'graphql';
import { JobcenterError, QuotaExceededError, RateLimitedError, ValidationError } from '../engine/domain/errors.js';
import type { Logger } from '../engine/runtime/logger.js';

// Only a missing or bad credential changes the HTTP status; other errors can sit beside good data
// in a 200 response (a FORBIDDEN field next to ones the caller may read).
const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401 };

export function toGraphQLError(error: JobcenterError, base?: GraphQLError): GraphQLError {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error instanceof ValidationError) extensions.issues = error.issues.map((issue) => ({ ...issue, segments: pathSegments(issue.path) }));
  if (error instanceof QuotaExceededError) Object.assign(extensions, { limit: error.limit, setting: error.setting });
  if (error instanceof RateLimitedError) extensions.retryAfterMs = error.retryAfterMs;
  const status = HTTP_STATUS[error.code];
  if (status) extensions.http = { status };
  return new GraphQLError(error.message, { ...placeOf(base), ...(base?.path && { path: base.path }), extensions });
}

/**
 * Where a new error points, as graphql-js's GraphQLError takes it: the base's nodes, source and
 * positions. A compiled execution's errors (server/compiled-execution.ts) carry only their
 * locations, and yoga rebuilds every error from nodes, source and positions before it sends it: those
 * locations are given as positions in a stand-in source, which yields the same line and column.
 */
function placeOf(base: GraphQLError | undefined): GraphQLErrorOptions {
  if (!base) return {};
  if (base.nodes || base.source || !base.locations?.length) {
    return { ...(base.nodes && { nodes: base.nodes }), ...(base.source && { source: base.source }), ...(base.positions && { positions: base.positions }) };
  }
  const width = Math.max(...base.locations.map((l) => l.column));
  const line = ' '.repeat(width) + '\n';
  const source = new Source(line.repeat(Math.max(...base.locations.map((l) => l.line))));
  return { source, positions: base.locations.map((l) => (l.line - 1) * line.length + l.column - 1) };
}

/**
 * An issue's dotted path as a list, numbers for indexes, the way GraphQL writes a path:
 * "inputs.17.payload.ms" is ["inputs", 17, "payload", "ms"].
 */
export function pathSegments(path: string): Array<string | number> {
  return path
    .split('.')
    .filter((part) => part !== '')
    .map((part) => {
      const index = /^\[?(\d+)\]?$/.exec(part);
      return index ? Number(index[1]) : part;
    });
}

/** yoga's maskError: keeps our typed errors and GraphQL's own, masks the rest. */
export function createMaskError(logger: Logger) {
  return (error: unknown): Error => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof JobcenterError) return toGraphQLError(original, error instanceof GraphQLError ? error : undefined);
    if (error instanceof GraphQLError && (!error.originalError || error.originalError instanceof GraphQLError)) {
      const inner = error.originalError instanceof GraphQLError ? error.originalError : error;
      if (inner.extensions?.code) {
        if (error.nodes || !error.locations?.length) return error;
        return new GraphQLError(error.message, { ...placeOf(error), ...(error.path && { path: error.path }), originalError: inner, extensions: error.extensions });
      }
      return new GraphQLError(error.message, {
        ...placeOf(error),
        ...(error.path && { path: error.path }),
        extensions: { ...error.extensions, code: 'BAD_REQUEST' },
      });
    }
    logger.error({ err: original }, 'unexpected error in a GraphQL operation');
    return new GraphQLError('Unexpected error.', {
      ...(error instanceof GraphQLError && error.path && { path: error.path }),
      extensions: { code: 'INTERNAL' },
    });
  };
}
