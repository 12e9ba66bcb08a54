/** SQL fragments with their parameters, built by the repositories' filter functions. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * `IN` over one JSON-array parameter: one statement whatever the number of values, so the statement
 * cache keeps one shape.
 */
export const IN_JSON = 'IN (SELECT value FROM json_each(?))';
