/**
 * The `demo` provider: answers locally with canned text, streamed with realistic delays, so the
 * embedded default shows the whole gateway (limiter, tracing, live status) with no key. Its calls
 * are labelled `demo` everywhere they show.
 */
import type { ChatRequest, ChatResult, LlmProvider } from '../provider.js';
import { estimateTokens } from '../provider.js';
import { abortableSleep as sleep } from '../../abortable-sleep.js';

const ANSWERS = [
  'This is the demo provider speaking. It streams a canned answer so you can watch a call go from queued to first token to finished, with its tokens and timings recorded against the job that made it.',
  'Summary (demo): the text you sent was received in full. Configure an OpenAI-compatible provider to get real answers; everything else you see here works the same way.',
  'Translation (demo): the demo provider does not translate, but it does stream its answer token by token, so the time to first token and the generation time are real measurements.',
];

export interface DemoProviderOptions {
  /** Delay before the first token, and between tokens (ms). */
  firstTokenMs?: number;
  tokenMs?: number;
}

export class DemoProvider implements LlmProvider {
  readonly name = 'demo';
  readonly #firstTokenMs: number;
  readonly #tokenMs: number;

  constructor(options: DemoProviderOptions = {}) {
    this.#firstTokenMs = options.firstTokenMs ?? 250;
    this.#tokenMs = options.tokenMs ?? 25;
  }

  async chat(request: ChatRequest, onDelta: (text: string) => void, signal: AbortSignal): Promise<ChatResult> {
    const last = request.messages.at(-1)?.content ?? '';
    const answer = ANSWERS[[...last].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % ANSWERS.length]!;
    const maxTokens = typeof request.params.max_tokens === 'number' ? request.params.max_tokens : Infinity;
    const words = answer.split(/(?<= )/).slice(0, Math.max(1, maxTokens));
    await sleep(this.#firstTokenMs, signal);
    let text = '';
    for (const [i, word] of words.entries()) {
      if (i > 0) await sleep(this.#tokenMs, signal);
      text += word;
      onDelta(word);
    }
    const inputTokens = estimateTokens(request.messages, 0) - 256;
    return {
      message: { role: 'assistant', content: text },
      usage: { inputTokens, outputTokens: words.length, cachedTokens: 0, totalTokens: inputTokens + words.length },
    };
  }
}

