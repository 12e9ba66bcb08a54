/**
 * The limiter: one Bottleneck limiter per key (provider:model for a configured model, provider:* for
 * every other model of a provider; the gateway picks the key), holding calls to the configured
 * concurrency, spacing and requests per minute, and a second one per key weighing tokens per
 * minute (estimated before the call, corrected after it). With a Redis URL the limiters are clustered,
 * so the limits hold across processes. It also keeps the figures `llmSchedulerStatus` shows.
 */
import Bottleneck from 'bottleneck';

export interface LimitSettings {
  maxConcurrent?: number;
  minTimeMs?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

export interface LimiterStatus {
  key: string;
  maxConcurrent?: number;
  minTimeMs?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  queued: number;
  running: number;
  done: number;
  rateLimited: number;
  callsLastMinute: number;
}

interface Figures {
  limits: LimitSettings;
  queued: number;
  running: number;
  done: number;
  rateLimited: number;
  starts: number[];
}

const MINUTE = 60_000;

function requestOptions(limits: LimitSettings): Bottleneck.ConstructorOptions {
  return {
    maxConcurrent: limits.maxConcurrent ?? null,
    minTime: limits.minTimeMs ?? 0,
    ...(limits.requestsPerMinute !== undefined
      ? { reservoir: limits.requestsPerMinute, reservoirRefreshAmount: limits.requestsPerMinute, reservoirRefreshInterval: MINUTE }
      : { reservoir: null, reservoirRefreshAmount: null, reservoirRefreshInterval: null }),
  };
}

function tokenOptions(limits: LimitSettings): Bottleneck.ConstructorOptions {
  return limits.tokensPerMinute === undefined
    ? {}
    : { reservoir: limits.tokensPerMinute, reservoirRefreshAmount: limits.tokensPerMinute, reservoirRefreshInterval: MINUTE };
}

export interface LimiterPoolOptions {
  limitsFor(key: string): LimitSettings;
  /** Cluster the limiters through this Redis, so limits hold across processes. */
  redisUrl?: string;
  /** Called (at most a few times a second by the caller's throttle) when figures change. */
  onChange?: () => void;
}

export class LimiterPool {
  readonly #requests = new Map<string, Bottleneck>();
  readonly #tokens = new Map<string, Bottleneck>();
  readonly #figures = new Map<string, Figures>();
  readonly #options: LimiterPoolOptions;
  readonly #connection: Bottleneck.IORedisConnection | undefined;

  constructor(options: LimiterPoolOptions) {
    this.#options = options;
    this.#connection = options.redisUrl ? new Bottleneck.IORedisConnection({ clientOptions: options.redisUrl }) : undefined;
  }

  /**
   * Each key's limiter is made with its limits, not given them after: clustered, only the first
   * process to make it in Redis sets its reservoir there, so one joining later does not refill the
   * shared reservoir. Later processes still apply their other limits (so a config change takes hold).
   */
  #limiter(group: Map<string, Bottleneck>, name: string, key: string, options: Bottleneck.ConstructorOptions): Bottleneck {
    let limiter = group.get(key);
    if (!limiter) {
      const cluster: Bottleneck.ConstructorOptions = this.#connection
        ? { datastore: 'ioredis', connection: this.#connection, clearDatastore: false, timeout: 10 * MINUTE }
        : {};
      limiter = new Bottleneck({ ...options, ...cluster, id: `${name}-${key}` });
      if (this.#connection) {
        const { reservoir, ...rest } = options;
        void Promise.resolve(limiter.updateSettings(reservoir === null ? options : rest)).catch(() => undefined);
      }
      group.set(key, limiter);
    }
    return limiter;
  }

  #requestsOf(key: string): Bottleneck {
    return this.#limiter(this.#requests, 'jobcenter-llm-requests', key, requestOptions(this.#figuresOf(key).limits));
  }

  #tokensOf(key: string): Bottleneck {
    return this.#limiter(this.#tokens, 'jobcenter-llm-tokens', key, tokenOptions(this.#figuresOf(key).limits));
  }

  #figuresOf(key: string): Figures {
    let figures = this.#figures.get(key);
    if (!figures) {
      figures = { limits: this.#options.limitsFor(key), queued: 0, running: 0, done: 0, rateLimited: 0, starts: [] };
      this.#figures.set(key, figures);
    }
    return figures;
  }

  /**
   * Runs `fn` once the key's limits allow. `estimatedTokens` weighs it against tokens per minute;
   * `fn` returns the tokens actually used so the estimate can be corrected. A call whose signal
   * aborts while it waits is rejected at once (and skipped when its turn comes).
   */
  async run<T>(key: string, estimatedTokens: number, signal: AbortSignal, fn: () => Promise<{ value: T; tokens: number }>): Promise<T> {
    const figures = this.#figuresOf(key);
    const tpm = figures.limits.tokensPerMinute;
    const weight = tpm === undefined ? 0 : Math.max(1, Math.min(estimatedTokens, tpm));
    figures.queued++;
    this.#changed();
    let state: 'queued' | 'running' | 'left' = 'queued';
    const job = async (): Promise<T> => {
      if (state === 'left') throw signal.reason; // its caller stopped waiting: skip the turn
      state = 'running';
      figures.queued--;
      figures.running++;
      const now = Date.now();
      figures.starts.push(now);
      // Trimmed here too: in a process nobody asks for status, the list must not grow forever.
      while (figures.starts.length && figures.starts[0]! < now - MINUTE) figures.starts.shift();
      this.#changed();
      try {
        const { value, tokens } = await fn();
        // A provider that reports no usage (0) keeps the estimate: refunding it would lift the limit.
        if (tpm !== undefined && tokens > 0 && tokens !== weight) {
          await this.#tokensOf(key).incrementReservoir(weight - tokens).catch(() => undefined);
        }
        return value;
      } finally {
        figures.running--;
        figures.done++;
        this.#changed();
      }
    };
    const scheduled =
      tpm === undefined
        ? this.#requestsOf(key).schedule(job)
        : this.#tokensOf(key).schedule({ weight }, () => this.#requestsOf(key).schedule(job));
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([scheduled, aborted]);
    } catch (error) {
      if (state === 'queued') {
        state = 'left';
        figures.queued--;
        this.#changed();
        scheduled.catch(() => undefined);
      }
      throw error;
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  /** Counts a 429 against the key. */
  rateLimited(key: string): void {
    this.#figuresOf(key).rateLimited++;
    this.#changed();
  }

  status(now = Date.now()): LimiterStatus[] {
    return [...this.#figures.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, f]) => {
        while (f.starts.length && f.starts[0]! < now - MINUTE) f.starts.shift();
        return {
          key,
          ...f.limits,
          queued: Math.max(0, f.queued),
          running: f.running,
          done: f.done,
          rateLimited: f.rateLimited,
          callsLastMinute: f.starts.length,
        };
      });
  }

  #changed(): void {
    this.#options.onChange?.();
  }

  async close(): Promise<void> {
    const limiters = [...this.#requests.values(), ...this.#tokens.values()];
    this.#requests.clear();
    this.#tokens.clear();
    await Promise.all(limiters.map((l) => l.disconnect(false))).catch(() => undefined);
    await this.#connection?.disconnect(false).catch(() => undefined);
  }
}
