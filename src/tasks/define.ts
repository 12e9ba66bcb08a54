/** How plugin authors declare task types and plugins: plain objects, checked when they load. */
import type { z } from 'zod';
import type { Backoff } from '../engine/domain/backoff.js';
import type { TaskContext } from '../engine/domain/task-context.js';

export interface RetryOptions {
  /** Attempts in all, including the first (default 3). */
  maxAttempts?: number;
  /** Delay before each retry (default: exponential from 1 s, capped at 5 min, 20% jitter). */
  backoff?: Backoff;
}

export interface TaskDefinition<Schema extends z.ZodType = z.ZodType, Checkpoint = unknown> {
  /** Unique across all plugins: letters, digits, '.', '_', '-', '/'. */
  type: string;
  title?: string;
  description?: string;
  input: Schema;
  /** Most RUNNING jobs of this type at once, across all workers. */
  concurrency?: number;
  /** Per attempt; the job can override it. */
  timeoutMs?: number;
  retry?: RetryOptions;
  run(ctx: TaskContext<z.output<Schema>, Checkpoint>): unknown;
}

export interface PluginDefinition {
  name: string;
  version: string;
  description?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tasks: Array<TaskDefinition<any, any>>;
}

export function defineTask<Schema extends z.ZodType, Checkpoint = unknown>(
  definition: TaskDefinition<Schema, Checkpoint>,
): TaskDefinition<Schema, Checkpoint> {
  return definition;
}

export function definePlugin(definition: PluginDefinition): PluginDefinition {
  return definition;
}
