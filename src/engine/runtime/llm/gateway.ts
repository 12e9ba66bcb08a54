/**
 * The LLM gateway: every chat call goes through a limiter, is retried on 429/5xx/network errors
 * (honouring Retry-After), is recorded from queued to finished and linked to the job that made it,
 * and stops when its caller's signal aborts or its own timeout passes.
 */
import { ValidationError } from '../../domain/errors.js';
import { cleanForStorage, cutText, DEFAULT_SIZE_LIMITS } from '../../domain/size-limits.js';
import { abortableSleep as sleep } from '../abortable-sleep.js';
import { newId } from '../../domain/ids.js';
import type { Logger } from '../logger.js';
import type { Store } from '../../store/port.js';
import type { LimiterPool, LimiterStatus } from './limiter.js';
import { estimateInputTokens, estimateTokens, ProviderError, type ChatResult, type LlmProvider } from './provider.js';
import { costMicros, DEFAULT_MAX_OUTPUT_TOKENS, worstCaseMicros, type ModelPrice } from '../../domain/prices.js';
import type { Reservation } from '../../domain/budget.js';
import type { BudgetGuard } from './budget-guard.js';
import { ZERO_USAGE, type ChatInput, type ChatResponse, type LlmCall, type LlmError, type LlmMessage, type TokenUsage } from '../../domain/llm-call.js';

/** Who is calling, for the record and the limits. */
export interface LlmCaller {
  orgId: string;
  /** A task type, "console", or a caller-given label. */
  source: string;
  requestedBy?: string;
  parentJobId?: string;
  /** The step of the parent job the call is made in (`ctx.step`). */
  step?: string;
  /** For budgets and cost sums: the calling job's type, schedule and enqueuing token. */
  taskType?: string;
  scheduleId?: string;
  tokenId?: string;
  signal?: AbortSignal;
}

export interface LlmSchedulerStatus {
  limiters: LimiterStatus[];
  queued: number;
  running: number;
  updatedAt: number;
}

export interface LlmGatewayOptions {
  store: Store;
  providers: LlmProvider[];
  defaultProvider: string;
  limiter: LimiterPool;
  /** The limiter a call waits in (default: one per provider, `provider:*`); must map to a bounded set. */
  limiterKey?: (provider: string, model: string) => string;
  logger: Logger;
  /** Attempts after the first, for retryable errors. */
  maxRetries: number;
  /** Per call, queue time included. */
  timeoutMs: number;
  /** Backoff base when the provider gives no Retry-After. */
  retryBaseMs?: number;
  /** The price of a call to provider:model for an org, when it is queued (none: unpriced). */
  prices?: { priceFor(orgId: string, key: string): Promise<ModelPrice | undefined> };
  /** Holds a priced call's worst-case cost on the budgets that cover it (none: no budgets). */
  budgets?: BudgetGuard;
}

const NEVER = new AbortController().signal;

class CallTimeoutError extends Error {
  readonly code = 'TIMEOUT';
}

/** How often, at most, status listeners hear of a change. */
const STATUS_EVERY_MS = 250;

export class LlmGateway {
  readonly #providers: Map<string, LlmProvider>;
  readonly #o: LlmGatewayOptions;
  readonly #statusListeners = new Set<(status: LlmSchedulerStatus) => void>();
  #statusTimer: NodeJS.Timeout | undefined;

  constructor(options: LlmGatewayOptions) {
    this.#o = options;
    this.#providers = new Map(options.providers.map((p) => [p.name, p]));
  }

  get providers(): string[] {
    return [...this.#providers.keys()];
  }

  status(now = Date.now()): LlmSchedulerStatus {
    const limiters = this.#o.limiter.status(now);
    return {
      limiters,
      queued: limiters.reduce((n, l) => n + l.queued, 0),
      running: limiters.reduce((n, l) => n + l.running, 0),
      updatedAt: now,
    };
  }

  /** Listens to status changes, at most a few times a second. */
  onStatusChange(listener: (status: LlmSchedulerStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** The limiter calls this on every change; listeners hear of them coalesced. */
  statusChanged(): void {
    if (this.#statusTimer || this.#statusListeners.size === 0) return;
    this.#statusTimer = setTimeout(() => {
      this.#statusTimer = undefined;
      const status = this.status();
      for (const listener of this.#statusListeners) listener(status);
    }, STATUS_EVERY_MS);
    this.#statusTimer.unref();
  }

  /** One chat call, streamed from the provider; resolves with the whole answer. */
  async chat(caller: LlmCaller, input: ChatInput, onDelta?: (text: string) => void): Promise<ChatResponse> {
    const { provider, request } = this.#validate(input);
    const key = this.#o.limiterKey?.(provider.name, request.model) ?? `${provider.name}:*`;
    const price = await this.#o.prices?.priceFor(caller.orgId, `${provider.name}:${request.model}`);
    const call = await this.#record(caller, provider.name, request, price);
    // An unpriced call holds nothing: its cost is unknown (it shows as unpriced, never as free).
    const reservation = price && this.#o.budgets ? await this.#reserve(call, caller, price, request) : undefined;
    let spent = 0;
    try {
      const response = await this.#run(call, caller, provider, request, key, price, onDelta);
      spent = response.costMicros ?? 0;
      return response.response;
    } finally {
      if (reservation) {
        await this.#o.budgets!.settle(caller.orgId, reservation, spent).catch((error) => {
          this.#o.logger.warn({ err: error, callId: call.id }, 'settling a budget hold failed');
        });
      }
    }
  }

  /** Holds the call's worst case on its budgets; a refusal is recorded on the call and thrown. */
  async #reserve(call: LlmCall, caller: LlmCaller, price: ModelPrice, request: { messages: LlmMessage[]; params: Record<string, unknown> }): Promise<Reservation | undefined> {
    const maxTokens = request.params.max_tokens ?? request.params.max_completion_tokens;
    const output = typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : DEFAULT_MAX_OUTPUT_TOKENS;
    const worst = worstCaseMicros(price, estimateInputTokens(request.messages), output);
    const subject = {
      orgId: caller.orgId,
      ...(caller.taskType !== undefined && { taskType: caller.taskType }),
      ...(caller.scheduleId !== undefined && { scheduleId: caller.scheduleId }),
      ...(caller.tokenId !== undefined && { tokenId: caller.tokenId }),
      ...(caller.parentJobId !== undefined && { jobId: caller.parentJobId }),
    };
    try {
      return await this.#o.budgets!.reserve(subject, worst, caller.signal ?? NEVER, undefined, call.id);
    } catch (thrown) {
      const now = Date.now();
      const cancelled = caller.signal?.aborted === true;
      const error: LlmError = cancelled
        ? { message: 'cancelled by its caller', code: 'CANCELLED' }
        : { message: cutText(thrown instanceof Error ? thrown.message : String(thrown), DEFAULT_SIZE_LIMITS.errorMessage), code: (thrown as { code?: string }).code ?? 'ERROR' };
      await this.#update(call.id, { status: cancelled ? 'CANCELLED' : 'FAILED', finishedAt: now, error, costMicros: 0 });
      throw cancelled ? (caller.signal!.reason ?? thrown) : thrown;
    }
  }

  async #run(
    call: LlmCall,
    caller: LlmCaller,
    provider: LlmProvider,
    request: { model: string; messages: LlmMessage[]; params: Record<string, unknown> },
    key: string,
    price: ModelPrice | undefined,
    onDelta?: (text: string) => void,
  ): Promise<{ response: ChatResponse; costMicros?: number }> {
    // The call's own timeout starts once its budgets let it through (a budget may make it wait for a period).
    const timeout = AbortSignal.timeout(this.#o.timeoutMs);
    const signal = caller.signal ? AbortSignal.any([caller.signal, timeout]) : timeout;
    let retries = 0;
    // Pieces a caller has seen cannot be taken back: once one is out, a broken answer is not retried.
    let delivered = false;
    const deliver = onDelta && ((text: string) => ((delivered = true), onDelta(text)));
    for (;;) {
      try {
        const result = await this.#o.limiter.run(key, estimateTokens(request.messages, request.params.max_tokens), signal, async () => {
          const value = await this.#attempt(call, provider, request, signal, deliver);
          return { value, tokens: value.usage.totalTokens };
        }, caller.orgId);
        // The caller gets the whole answer; the record keeps at most the output cap (size-limits.ts), cut visibly.
        const stored = { ...result.message, content: cutText(result.message.content, DEFAULT_SIZE_LIMITS.llmOutput) };
        const cost = price && costMicros(price, result.usage);
        await this.#update(call.id, { status: 'SUCCEEDED', output: [stored], usage: result.usage, finishedAt: Date.now(), ...(cost !== undefined && { costMicros: cost }) });
        const response: ChatResponse = { callId: call.id, content: result.message.content, message: result.message, usage: result.usage };
        if (cost !== undefined) response.costUsd = cost / 1_000_000;
        return { response, ...(cost !== undefined && { costMicros: cost }) };
      } catch (thrown) {
        if (thrown instanceof ProviderError && thrown.httpStatus === 429) this.#o.limiter.rateLimited(key);
        const retryable = thrown instanceof ProviderError && thrown.retryable && !signal.aborted && !delivered;
        if (retryable && retries < this.#o.maxRetries) {
          retries++;
          await this.#update(call.id, { retries });
          const delay = thrown.retryAfterMs ?? this.#backoff(retries);
          try {
            await sleep(delay, signal);
            continue;
          } catch {
            // aborted while waiting to retry: recorded below
          }
        }
        throw await this.#fail(call.id, thrown, signal, timeout, price !== undefined);
      }
    }
  }

  /**
   * The same call, as a stream of text pieces; `result` resolves with the whole answer. Iterate it
   * to the end (or abort the caller's signal) to release the call.
   */
  stream(caller: LlmCaller, input: ChatInput): { [Symbol.asyncIterator](): AsyncIterator<string>; result: Promise<ChatResponse> } {
    const pieces: string[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    // A reader that stops early (break, or an error in its loop) cancels the call.
    const own = new AbortController();
    const signal = caller.signal ? AbortSignal.any([caller.signal, own.signal]) : own.signal;
    const result = this.chat({ ...caller, signal }, input, (text) => {
      pieces.push(text);
      wake?.();
    }).finally(() => {
      done = true;
      wake?.();
    });
    result.catch(() => undefined);
    return {
      result,
      async *[Symbol.asyncIterator]() {
        try {
          for (;;) {
            while (pieces.length) yield pieces.shift()!;
            if (done) break;
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
          }
          await result; // rethrows a failure
        } finally {
          if (!done) own.abort(new Error('the reader stopped reading the stream'));
        }
      },
    };
  }

  #validate(input: ChatInput): { provider: LlmProvider; request: { model: string; messages: LlmMessage[]; params: Record<string, unknown> } } {
    const issues: Array<{ path: string; message: string }> = [];
    const { provider: providerName, model, messages, ...params } = input;
    const name = providerName ?? this.#o.defaultProvider;
    const provider = this.#providers.get(name);
    if (!provider) issues.push({ path: 'provider', message: `unknown provider "${name}"; configured: ${this.providers.join(', ')}` });
    if (typeof model !== 'string' || model.length === 0 || model.length > 200) issues.push({ path: 'model', message: 'must be a model name' });
    if (!Array.isArray(messages) || messages.length === 0) issues.push({ path: 'messages', message: 'must be a non-empty list' });
    else {
      messages.forEach((m, i) => {
        if (typeof m?.role !== 'string' || !m.role) issues.push({ path: `messages.${i}.role`, message: 'must be a string' });
        if (typeof m?.content !== 'string') issues.push({ path: `messages.${i}.content`, message: 'must be a string' });
      });
    }
    const clean = Array.isArray(messages) ? messages.map((m) => ({ role: m?.role, content: m?.content, ...(m?.name !== undefined && { name: m.name }) })) : [];
    // Every call is recorded with its messages: capped like a job's payload, on every store (size-limits.ts).
    if (!issues.length) {
      const storable = cleanForStorage(clean, DEFAULT_SIZE_LIMITS.llmMessages);
      if (!storable.ok) issues.push({ path: 'messages', message: `cannot be stored: ${storable.reason}` });
    }
    if (issues.length) throw new ValidationError(issues);
    return { provider: provider!, request: { model, messages: clean, params } };
  }

  async #record(
    caller: LlmCaller,
    provider: string,
    request: { model: string; messages: LlmMessage[]; params: Record<string, unknown> },
    price: ModelPrice | undefined,
  ): Promise<LlmCall> {
    const now = Date.now();
    const call: LlmCall = {
      id: newId(),
      orgId: caller.orgId,
      provider,
      model: request.model,
      source: caller.source,
      status: 'QUEUED',
      messages: request.messages,
      output: [],
      usage: { ...ZERO_USAGE },
      queuedAt: now,
      retries: 0,
      updatedAt: now,
      ...(Object.keys(request.params).length > 0 && { params: request.params }),
      ...(caller.requestedBy !== undefined && { requestedBy: caller.requestedBy }),
      ...(caller.parentJobId !== undefined && { parentJobId: caller.parentJobId }),
      ...(caller.step !== undefined && { step: caller.step }),
      ...(caller.scheduleId !== undefined && { scheduleId: caller.scheduleId }),
      ...(price !== undefined && { price }),
    };
    await this.#o.store.llmCalls.insert(call);
    return call;
  }

  async #attempt(
    call: LlmCall,
    provider: LlmProvider,
    request: { model: string; messages: LlmMessage[]; params: Record<string, unknown> },
    signal: AbortSignal,
    onDelta?: (text: string) => void,
  ): Promise<ChatResult> {
    // The timeline is the last attempt's: startedAt is when it left the limiter.
    await this.#update(call.id, { status: 'RUNNING', startedAt: Date.now() });
    // The first-token write is awaited before the call is finished, so records only move forward.
    let firstToken: Promise<void> | undefined;
    const result = await provider.chat(
      request,
      (text) => {
        firstToken ??= this.#update(call.id, { firstTokenAt: Date.now() });
        onDelta?.(text);
      },
      signal,
    );
    await firstToken;
    return result;
  }

  async #update(id: string, patch: Parameters<Store['llmCalls']['update']>[1]): Promise<void> {
    try {
      await this.#o.store.llmCalls.update(id, patch, Date.now());
    } catch (error) {
      this.#o.logger.warn({ err: error, callId: id }, 'recording an LLM call failed');
    }
  }

  /** Records how the call ended and returns the error to throw to the caller. */
  async #fail(id: string, thrown: unknown, signal: AbortSignal, timeout: AbortSignal, priced: boolean): Promise<unknown> {
    const now = Date.now();
    // A call that ended without usage is charged nothing (a provider reports usage only with an answer).
    const cost = priced ? { costMicros: 0 } : {};
    if (signal.aborted && !timeout.aborted) {
      await this.#update(id, { status: 'CANCELLED', finishedAt: now, error: { message: 'cancelled by its caller', code: 'CANCELLED' }, ...cost });
      return signal.reason ?? thrown;
    }
    const error: LlmError =
      timeout.aborted
        ? { message: `the call timed out after ${this.#o.timeoutMs} ms`, code: 'TIMEOUT' }
        : thrown instanceof ProviderError
          ? { message: thrown.message, code: thrown.code, ...(thrown.httpStatus !== undefined && { httpStatus: thrown.httpStatus }) }
          : { message: thrown instanceof Error ? thrown.message : String(thrown), code: 'ERROR' };
    // An error recorded with a call is JSON-clean (no undefined fields) and its message capped.
    error.message = cutText(error.message, DEFAULT_SIZE_LIMITS.errorMessage);
    if (error.httpStatus === undefined) delete error.httpStatus;
    if (error.code === undefined) delete error.code;
    await this.#update(id, { status: 'FAILED', finishedAt: now, error, ...cost });
    if (timeout.aborted) return new CallTimeoutError(error.message);
    return thrown;
  }

  #backoff(retry: number): number {
    const base = this.#o.retryBaseMs ?? 500;
    return Math.round(base * 2 ** (retry - 1) * (0.8 + Math.random() * 0.4));
  }
}

