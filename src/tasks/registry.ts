/**
 * The task registry: a map from type to its spec (never a switch). It checks each definition when it
 * is added and turns the zod input into JSON Schema for the API.
 */
import { z } from 'zod';
import { DEFAULT_BACKOFF } from '../engine/domain/backoff.js';
import type { Issue } from '../engine/domain/errors.js';
import type { ParseResult, TaskCatalog, TaskSpec } from '../engine/domain/task-catalog.js';
import type { PluginDefinition, TaskDefinition } from './define.js';

const TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;

export class PluginError extends Error {
  constructor(
    readonly plugin: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`plugin "${plugin}": ${message}`, options);
    this.name = 'PluginError';
  }
}

const backoffSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('exponential'),
    baseMs: z.number().int().min(0).optional(),
    maxMs: z.number().int().min(0).optional(),
    jitter: z.number().min(0).max(1).optional(),
  }),
  z.object({ kind: z.literal('ladder'), delaysMs: z.array(z.number().int().min(0)).min(1) }),
  z.object({ kind: z.literal('fixed'), delayMs: z.number().int().min(0) }),
]);

const taskShape = z.object({
  type: z.string().regex(TYPE_PATTERN, 'must be 1-100 letters, digits, ".", "_", "-" or "/"'),
  title: z.string().optional(),
  description: z.string().optional(),
  input: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'must be a zod schema'),
  concurrency: z.number().int().min(1).optional(),
  // setTimeout cannot wait longer than 2^31-1 ms (about 24.8 days): beyond it, it fires at once.
  timeoutMs: z.number().int().min(1).max(2 ** 31 - 1).optional(),
  retry: z.object({ maxAttempts: z.number().int().min(1).max(100).optional(), backoff: backoffSchema.optional() }).optional(),
  run: z.custom<TaskDefinition['run']>((v) => typeof v === 'function', 'must be a function'),
});

const pluginShape = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  description: z.string().optional(),
  tasks: z.array(z.unknown()),
});

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export class TaskRegistry implements TaskCatalog {
  readonly #specs = new Map<string, TaskSpec>();
  readonly #plugins = new Map<string, PluginDefinition>();

  /** Adds every task of a plugin, or none: a bad definition throws a PluginError naming it. */
  add(plugin: unknown): void {
    const shape = pluginShape.safeParse(plugin);
    const name = (plugin as { name?: unknown } | null)?.name;
    const label = typeof name === 'string' && name ? name : '(unnamed)';
    if (!shape.success) throw new PluginError(label, describe(shape.error));
    const definition = plugin as PluginDefinition;
    if (this.#plugins.has(definition.name)) throw new PluginError(label, 'a plugin with this name is already loaded');
    const specs = definition.tasks.map((task, index) => this.#spec(definition, task, index));
    const seen = new Set<string>();
    for (const spec of specs) {
      if (this.#specs.has(spec.type) || seen.has(spec.type)) {
        const owner = this.#specs.get(spec.type)?.plugin ?? definition.name;
        throw new PluginError(label, `task type "${spec.type}" is already defined by plugin "${owner}"`);
      }
      seen.add(spec.type);
    }
    this.#plugins.set(definition.name, definition);
    for (const spec of specs) this.#specs.set(spec.type, spec);
  }

  #spec(plugin: PluginDefinition, task: unknown, index: number): TaskSpec {
    const checked = taskShape.safeParse(task);
    if (!checked.success) throw new PluginError(plugin.name, `tasks[${index}]: ${describe(checked.error)}`);
    const def = task as TaskDefinition;
    let inputSchema: Record<string, unknown>;
    try {
      inputSchema = z.toJSONSchema(def.input, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
    } catch (error) {
      throw new PluginError(plugin.name, `task "${def.type}": its input cannot be described as JSON Schema`, { cause: error });
    }
    const spec: TaskSpec = {
      type: def.type,
      plugin: plugin.name,
      version: plugin.version,
      maxAttempts: def.retry?.maxAttempts ?? 3,
      backoff: def.retry?.backoff ?? DEFAULT_BACKOFF,
      inputSchema,
      parseInput: (payload): ParseResult => {
        const parsed = def.input.safeParse(payload);
        return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: zodIssues(parsed.error) };
      },
      run: (ctx) => def.run(ctx as never),
    };
    if (def.title !== undefined) spec.title = def.title;
    if (def.description !== undefined) spec.description = def.description;
    if (def.concurrency !== undefined) spec.concurrency = def.concurrency;
    if (def.timeoutMs !== undefined) spec.timeoutMs = def.timeoutMs;
    return spec;
  }

  get(type: string): TaskSpec | undefined {
    return this.#specs.get(type);
  }

  list(): TaskSpec[] {
    return [...this.#specs.values()].sort((a, b) => a.type.localeCompare(b.type));
  }

  plugins(): Array<{ name: string; version: string; types: string[] }> {
    return [...this.#plugins.values()].map((p) => ({
      name: p.name,
      version: p.version,
      types: p.tasks.map((t) => t.type),
    }));
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}
