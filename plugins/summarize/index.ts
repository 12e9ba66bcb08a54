/**
 * `summarize`: summarises a text with a model, chunk by chunk, then combines the partial summaries.
 * Each chunk is checkpointed, so a retry resumes where the last attempt stopped. With no provider
 * configured it runs on the `demo` provider, so every call shows up traced against the job.
 */
import { definePlugin, defineTask, z } from '../../src/tasks/plugin-api.js';

interface Progress {
  summaries: string[];
}

export const summarizeTask = defineTask({
  type: 'summarize',
  title: 'Summarize',
  description: 'Summarises a text with a model: each chunk, then the whole. Resumes from the last finished chunk.',
  input: z.object({
    text: z.string().min(1).max(200_000).describe('The text to summarise'),
    model: z.string().min(1).default('demo-model').describe('The model to use'),
    provider: z.string().min(1).optional().describe('A configured provider (the default provider if absent)'),
    chunkChars: z.number().int().min(200).max(50_000).default(4000).describe('How much text goes into one call'),
    maxTokens: z.number().int().min(16).max(4096).default(300),
  }),
  timeoutMs: 30 * 60_000,
  retry: { maxAttempts: 3, backoff: { kind: 'exponential', baseMs: 2000, maxMs: 60_000, jitter: 0.2 } },
  async run(ctx) {
    const { text, model, provider, chunkChars, maxTokens } = ctx.input;
    const chunks = chunk(text, chunkChars);
    const summaries = [...((ctx.lastCheckpoint as Progress | undefined)?.summaries ?? [])];
    if (summaries.length) ctx.log.info(`resuming after chunk ${summaries.length} of ${chunks.length}`);
    const call = (content: string, instruction: string) =>
      ctx.llm.chat({
        model,
        ...(provider !== undefined && { provider }),
        max_tokens: maxTokens,
        messages: [
          { role: 'system', content: instruction },
          { role: 'user', content },
        ],
      });
    for (let i = summaries.length; i < chunks.length; i++) {
      const answer = await call(chunks[i]!, 'Summarise this part of a longer text in a few sentences.');
      summaries.push(answer.content);
      await ctx.checkpoint({ summaries });
      ctx.progress(((i + 1) / (chunks.length + 1)) * 100, `chunk ${i + 1} of ${chunks.length}`);
    }
    const summary =
      summaries.length === 1
        ? summaries[0]!
        : (await call(summaries.join('\n\n'), 'Combine these partial summaries into one short summary.')).content;
    ctx.progress(100, 'done');
    return { summary, chunks: chunks.length };
  },
});

/** Splits on paragraph breaks where it can, so no chunk is over `size` characters. */
function chunk(text: string, size: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const paragraph of text.split(/\n\s*\n/)) {
    for (let start = 0; start < paragraph.length; start += size) {
      const piece = paragraph.slice(start, start + size);
      if (current && current.length + piece.length + 2 > size) {
        chunks.push(current);
        current = '';
      }
      current = current ? `${current}\n\n${piece}` : piece;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

export default definePlugin({ name: 'summarize', version: '1.0.0', tasks: [summarizeTask] });
