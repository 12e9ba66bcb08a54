/**
 * What the engine knows about task types: a catalog it looks up by type. The plugin registry in
 * src/tasks implements it; the engine never imports plugins.
 */
import type { Backoff } from './backoff.js';
import type { Issue } from './errors.js';
import type { TaskContext } from './task-context.js';

export type ParseResult = { ok: true; value: unknown } | { ok: false; issues: Issue[] };

export interface TaskSpec {
  type: string;
  plugin: string;
  version?: string;
  title?: string;
  description?: string;
  /** Most RUNNING jobs of this type across all workers. */
  concurrency?: number;
  timeoutMs?: number;
  maxAttempts: number;
  backoff: Backoff;
  /** JSON Schema of the input, for forms and third-party validation. */
  inputSchema: Record<string, unknown>;
  parseInput(payload: unknown): ParseResult;
  run(ctx: TaskContext<unknown>): unknown;
}

export interface TaskCatalog {
  get(type: string): TaskSpec | undefined;
  list(): TaskSpec[];
}
