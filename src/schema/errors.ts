/**
 * Errors as clients see them: every expected error carries `extensions.code` (and `issues` for input
 * errors); anything unexpected becomes "Unexpected error." with code INTERNAL, details in the log only.
 */
import { GraphQLError } from 'graphql';
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
  return new GraphQLError(error.message, {
    ...(base?.nodes && { nodes: base.nodes }),
    ...(base?.source && { source: base.source }),
    ...(base?.positions && { positions: base.positions }),
    ...(base?.path && { path: base.path }),
    extensions,
  });
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
      if (inner.extensions?.code) return error;
      return new GraphQLError(error.message, {
        ...(error.nodes && { nodes: error.nodes }),
        ...(error.positions && { positions: error.positions }),
        ...(error.source && { source: error.source }),
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
