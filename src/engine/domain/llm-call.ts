/**
 * The LLM gateway's nouns.
 *
 * - call: one chat request to one model, recorded from the moment it is queued in our limiter until
 *   it finishes; linked to the job that made it (if any). Its timeline: queuedAt -> startedAt (left
 *   the limiter) -> firstTokenAt -> finishedAt. waitMs = startedAt - queuedAt (time in our limiter),
 *   ttftMs = firstTokenAt - startedAt, durationMs = finishedAt - startedAt.
 * - provider: where calls go (an OpenAI-compatible endpoint, or `demo`, which answers locally).
 * - limiter: one per provider:model, holding calls to their configured concurrency and rates.
 * - price and cost: see prices.ts.
 * - source: what made the call: a task type, "console", or a caller-given label.
 */
import type { ModelPrice } from './prices.js';

export const LLM_CALL_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type LlmCallStatus = (typeof LLM_CALL_STATUSES)[number];

export interface LlmMessage {
  role: string;
  content: string;
  name?: string;
}

export interface LlmError {
  message: string;
  code?: string;
  httpStatus?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens the provider served from its cache (part of inputTokens). */
  cachedTokens: number;
  totalTokens: number;
  /** Output tokens the provider reports as reasoning (part of outputTokens); absent when none. */
  reasoningTokens?: number;
}

export const ZERO_USAGE: TokenUsage = Object.freeze({ inputTokens: 0, outputTokens: 0, cachedTokens: 0, totalTokens: 0 });

export interface LlmCall {
  id: string;
  orgId: string;
  provider: string;
  model: string;
  source: string;
  requestedBy?: string;
  status: LlmCallStatus;
  parentJobId?: string;
  /** The step of the parent job the call was made in (`ctx.step`), if any. */
  step?: string;
  /** The whole input conversation. */
  messages: LlmMessage[];
  /** Parameters sent with it (temperature, max_tokens, ...). */
  params?: Record<string, unknown>;
  output: LlmMessage[];
  error?: LlmError;
  usage: TokenUsage;
  queuedAt: number;
  startedAt?: number;
  firstTokenAt?: number;
  finishedAt?: number;
  /** Attempts after the first (429, 5xx, network errors). */
  retries: number;
  updatedAt: number;
  /** The schedule whose job made the call, if any (costs are summed per schedule). */
  scheduleId?: string;
  /** The price the call is charged at, as it was when the call was queued; absent: unpriced. */
  price?: ModelPrice;
  /** What the call cost in micro-dollars (domain/prices.ts); absent while unknown or unpriced. */
  costMicros?: number;
}

/** What can change on a recorded call after it is queued. */
export type LlmCallPatch = Partial<
  Pick<LlmCall, 'status' | 'output' | 'error' | 'usage' | 'startedAt' | 'firstTokenAt' | 'finishedAt' | 'retries' | 'costMicros'>
>;

export interface LlmCallFilter {
  status?: LlmCallStatus[];
  source?: string[];
  requestedBy?: string[];
  provider?: string[];
  model?: string[];
  parentJobId?: string;
  /** queuedAt >= since */
  since?: number;
  /** queuedAt < until */
  until?: number;
}

/** Sums over calls, by one key (model or source). */
export interface LlmUsageRow {
  key: string;
  calls: number;
  failed: number;
  usage: TokenUsage;
  /** What the priced calls cost, in micro-dollars, and how many calls had no price. */
  costMicros: number;
  unpricedCalls: number;
  p95DurationMs?: number;
  p95TtftMs?: number;
}

/** What a task or the console asks the gateway for. */
export interface ChatInput {
  /** Which configured provider; the default provider when absent. */
  provider?: string;
  model: string;
  messages: LlmMessage[];
  /** Anything else (temperature, max_tokens, ...) goes to the provider as is. */
  [param: string]: unknown;
}

export interface ChatResponse {
  callId: string;
  content: string;
  message: LlmMessage;
  usage: TokenUsage;
  /** What the call cost in USD; absent when the model has no price. */
  costUsd?: number;
}
