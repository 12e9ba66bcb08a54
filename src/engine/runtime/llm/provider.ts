/** The one small interface every model provider implements, and the errors it reports. */
import type { LlmMessage, TokenUsage } from '../../domain/llm-call.js';

export interface ChatRequest {
  model: string;
  messages: LlmMessage[];
  /** Passed through to the provider (temperature, max_tokens, ...). */
  params: Record<string, unknown>;
}

export interface ChatResult {
  message: LlmMessage;
  usage: TokenUsage;
}

export interface LlmProvider {
  readonly name: string;
  /** Streams the answer: `onDelta` gets each piece of text as it arrives (the first marks TTFT). */
  chat(request: ChatRequest, onDelta: (text: string) => void, signal: AbortSignal): Promise<ChatResult>;
}

/** A provider's failure, classified: 429, 5xx and network errors are worth another try. */
export class ProviderError extends Error {
  readonly retryable: boolean;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly code: string;

  constructor(
    message: string,
    options: { retryable: boolean; httpStatus?: number; retryAfterMs?: number; code?: string; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.retryable = options.retryable;
    this.httpStatus = options.httpStatus;
    this.retryAfterMs = options.retryAfterMs;
    this.code = options.code ?? (options.httpStatus ? `HTTP_${options.httpStatus}` : 'PROVIDER_ERROR');
  }
}

/** Retry-After in seconds or as an HTTP date, capped at 10 minutes. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), 600_000) : undefined;
}

/**
 * The most input tokens the messages can be, for budget holds: a token is at least one byte of UTF-8
 * for every tokenizer in use, and rarely under three (English runs about four characters a token,
 * CJK text about one character, three bytes); plus a few tokens a message for its framing.
 */
export function estimateInputTokens(messages: LlmMessage[]): number {
  return messages.reduce((sum, m) => sum + Math.ceil(Buffer.byteLength(m.content, 'utf8') / 3) + Math.ceil(m.role.length / 3) + 4, 0);
}

/** A rough token count for limiter weights before the provider says (about 4 characters a token). */
export function estimateTokens(messages: LlmMessage[], maxTokens: unknown): number {
  const chars = messages.reduce((sum, m) => sum + m.content.length + m.role.length + 4, 0);
  const output = typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : 256;
  return Math.ceil(chars / 4) + output;
}
