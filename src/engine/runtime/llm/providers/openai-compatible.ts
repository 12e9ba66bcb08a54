/**
 * Chat completions on any OpenAI-compatible endpoint (OpenAI, DeepSeek, Doubao Ark, Ollama, vLLM ...)
 * through the official SDK, streaming so the first token is timed, with usage read from the stream
 * (including cached prompt tokens). The SDK's own retries are off: the gateway retries through the
 * limiter. The key never leaves this object.
 */
import OpenAI from 'openai';
import type { ChatRequest, ChatResult, LlmProvider } from '../provider.js';
import { parseRetryAfter, ProviderError } from '../provider.js';
import type { TokenUsage } from '../../../domain/llm-call.js';

export interface OpenAiCompatibleOptions {
  name: string;
  baseUrl: string;
  apiKey: string;
}

export class OpenAiCompatibleProvider implements LlmProvider {
  readonly name: string;
  readonly #client: OpenAI;

  constructor(options: OpenAiCompatibleOptions) {
    this.name = options.name;
    this.#client = new OpenAI({ apiKey: options.apiKey || 'none', baseURL: options.baseUrl, maxRetries: 0, timeout: 600_000 });
  }

  async chat(request: ChatRequest, onDelta: (text: string) => void, signal: AbortSignal): Promise<ChatResult> {
    let text = '';
    let role = 'assistant';
    let usage: TokenUsage | undefined;
    try {
      const stream = await this.#client.chat.completions.create(
        {
          ...(request.params as object),
          model: request.model,
          messages: request.messages as OpenAI.Chat.ChatCompletionMessageParam[],
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal },
      );
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (choice?.delta?.role) role = choice.delta.role;
        const delta = choice?.delta?.content;
        if (delta) {
          text += delta;
          onDelta(delta);
        }
        if (chunk.usage) {
          const input = chunk.usage.prompt_tokens ?? 0;
          const output = chunk.usage.completion_tokens ?? 0;
          usage = {
            inputTokens: input,
            outputTokens: output,
            cachedTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
            totalTokens: chunk.usage.total_tokens ?? input + output,
          };
          const reasoning = chunk.usage.completion_tokens_details?.reasoning_tokens ?? 0;
          if (reasoning > 0) usage.reasoningTokens = reasoning;
        }
      }
      // The SDK ends its stream quietly when the signal aborts: an answer cut short is no answer.
      if (signal.aborted) throw signal.reason;
    } catch (error) {
      throw toProviderError(error, signal);
    }
    return {
      message: { role, content: text },
      usage: usage ?? { inputTokens: 0, outputTokens: 0, cachedTokens: 0, totalTokens: 0 },
    };
  }
}

function toProviderError(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason ?? error;
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const status = error.status;
    const retryAfter = parseRetryAfter(error.headers?.get?.('retry-after') ?? null);
    return new ProviderError(`${status} from the provider: ${briefly(error.message)}`, {
      retryable: status === 429 || status >= 500,
      httpStatus: status,
      ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIConnectionError || error instanceof OpenAI.APIError) {
    return new ProviderError(`could not reach the provider: ${briefly(error.message)}`, { retryable: true, code: 'NETWORK', cause: error });
  }
  // Node's fetch (undici) reports a connection closed mid-answer as TypeError('terminated').
  if (error instanceof TypeError && error.message === 'terminated') {
    return new ProviderError('the connection to the provider broke mid-answer', { retryable: true, code: 'NETWORK', cause: error });
  }
  return error;
}

/** Provider messages can be long; keys never appear in them (the SDK does not echo headers). */
function briefly(message: string): string {
  return message.length > 300 ? `${message.slice(0, 300)}...` : message;
}
