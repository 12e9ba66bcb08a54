/**
 * `review`: drafts a summary of a text with a model in a step, then waits for a person to approve it
 * (`approveJob(id, "publish", approved, comment)`, or the wait's callback URL). While it waits the job
 * is WAITING and holds no slot; on resume the draft comes back from the step, not from a second call.
 * With no provider configured it runs on the `demo` provider.
 */
import { definePlugin, defineTask, WaitTimeoutError, z } from '../../src/tasks/plugin-api.js';

export const reviewTask = defineTask({
  type: 'review',
  title: 'Review',
  description: 'Drafts a summary with a model, then waits for approval ("publish") before it returns it.',
  input: z.object({
    text: z.string().min(1).max(200_000).describe('The text to summarise'),
    instructions: z.string().max(2000).optional().describe('How to write the summary'),
    model: z.string().min(1).default('demo-model').describe('The model to use'),
    timeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(30 * 86_400_000)
      .default(86_400_000)
      .describe('How long to wait for the approval (default one day)'),
  }),
  retry: { maxAttempts: 3 },
  async run(ctx) {
    const { text, instructions, model, timeoutMs } = ctx.input;
    const summary = await ctx.step('draft', async () => {
      const answer = await ctx.llm.chat({
        model,
        max_tokens: 300,
        messages: [
          { role: 'system', content: instructions ?? 'Summarise this text in a few sentences.' },
          { role: 'user', content: text },
        ],
      });
      return answer.content;
    });
    ctx.progress(50, 'waiting for approval');
    try {
      const verdict = await ctx.waitForApproval('publish', { prompt: 'Publish this summary?', data: { summary }, timeoutMs });
      ctx.log.info(verdict.approved ? 'approved' : 'rejected', { by: verdict.by });
      return { approved: verdict.approved, summary, comment: verdict.comment ?? null };
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
      ctx.log.warn('no decision before the timeout');
      return { approved: false, summary, comment: 'no decision before the timeout' };
    }
  },
});

export default definePlugin({ name: 'review', version: '1.0.0', tasks: [reviewTask] });
