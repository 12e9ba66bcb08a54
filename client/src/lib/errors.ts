/** GraphQL errors as the console shows them: one readable message, and per-field messages for forms. */
import type { CombinedError } from '@urql/core';

export interface Issue {
  path: string;
  message: string;
}

export interface ShownError {
  message: string;
  code?: string;
  /** Input problems by field path ("payload.seconds", "trigger.cron"), from BAD_USER_INPUT. */
  issues: Issue[];
}

export function describeError(error: CombinedError | Error | null | undefined): ShownError | null {
  if (!error) return null;
  const combined = error as CombinedError;
  if (combined.graphQLErrors?.length) {
    const first = combined.graphQLErrors[0]!;
    const issues = combined.graphQLErrors.flatMap((e) => (Array.isArray(e.extensions?.issues) ? (e.extensions.issues as Issue[]) : []));
    return { message: first.message, code: first.extensions?.code as string | undefined, issues };
  }
  if (combined.networkError) return { message: `The server cannot be reached (${combined.networkError.message}).`, issues: [] };
  return { message: error.message, issues: [] };
}

/** The message for one field: exact path first, then the deepest issue under it. */
export function issueFor(issues: readonly Issue[], path: string, prefix = ''): string | undefined {
  const full = prefix ? `${prefix}.${path}` : path;
  return issues.find((i) => i.path === full)?.message ?? issues.find((i) => i.path.startsWith(`${full}.`) || i.path.startsWith(`${full}[`))?.message;
}
