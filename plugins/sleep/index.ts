/** `sleep`: waits, reporting progress in steps, and stops as soon as the job is cancelled. */
import { abortableSleep, definePlugin, defineTask, FatalError, z } from '../../src/tasks/plugin-api.js';

export const sleepTask = defineTask({
  type: 'sleep',
  title: 'Sleep',
  description: 'Waits for a while, reporting progress; handy for demos and tests. Can be told to fail.',
  input: z.object({
    ms: z.number().int().min(0).max(3_600_000).describe('How long to wait, in milliseconds'),
    steps: z.number().int().min(1).max(1000).default(10).describe('How many progress reports to make'),
    failTimes: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(0)
      .describe('Fail this many attempts before succeeding (to try retries)'),
    fatal: z.boolean().default(false).describe('Fail with a fatal (non-retryable) error'),
  }),
  retry: { maxAttempts: 3, backoff: { kind: 'exponential', baseMs: 500, maxMs: 10_000, jitter: 0.2 } },
  async run(ctx) {
    const { ms, steps } = ctx.input;
    const from = typeof ctx.lastCheckpoint === 'number' ? ctx.lastCheckpoint : 0;
    for (let step = from + 1; step <= steps; step++) {
      await abortableSleep(ms / steps, ctx.signal);
      ctx.progress((step / steps) * 100, `step ${step} of ${steps}`);
      if (step % Math.max(1, Math.floor(steps / 4)) === 0) ctx.log.info(`reached step ${step} of ${steps}`);
    }
    if (ctx.input.fatal) throw new FatalError('asked to fail (fatal)');
    if (ctx.attempt <= ctx.input.failTimes) throw new Error(`asked to fail attempt ${ctx.attempt}`);
    return { sleptMs: ms, attempt: ctx.attempt };
  },
});

export default definePlugin({ name: 'sleep', version: '1.0.0', tasks: [sleepTask] });
