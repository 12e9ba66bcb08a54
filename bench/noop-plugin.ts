/**
 * The bench's task: `bench.noop` returns at once. An optional hook is called first thing in the
 * handler (the latency scenarios take their "started" timestamp there).
 */
import { definePlugin, defineTask, z, type PluginDefinition } from '../src/tasks/plugin-api.js';

export const NOOP_TYPE = 'bench.noop';

export interface NoopInput {
  i: number;
}

export type StartHook = (input: NoopInput) => void;

export function createNoopPlugin(onStart?: StartHook): PluginDefinition {
  const noop = defineTask({
    type: NOOP_TYPE,
    title: 'No-op',
    description: 'Returns at once; for the bench.',
    input: z.object({ i: z.number().int().min(0) }),
    run(ctx) {
      onStart?.(ctx.input);
      return null;
    },
  });
  return definePlugin({ name: 'bench-noop', version: '1.0.0', tasks: [noop] });
}

export default createNoopPlugin();
