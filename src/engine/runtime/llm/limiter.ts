/**
 * The limiter: one Bottleneck limiter per key (provider:model for a configured model, provider:* for
 * every other model of a provider; the gateway picks the key), holding calls to the configured
 * concurrency, spacing and requests per minute, and a second one per key weighing tokens per
 * minute (estimated before the call, corrected after it). A key whose limits have `perOrg` gives each org
 * its own limiters in front of the shared ones (`key#org:orgId`), so one org's burst waits in its own
 * queue and the others keep their share. With a Redis URL the limiters are clustered,
 * so the limits hold across processes. It also keeps the figures `llmSchedulerStatus` shows.
 */
import Bottleneck from 'bottleneck';

export interface LimitSettings {
  maxConcurrent?: number;
  minTimeMs?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** Each org's own share of this key, before the shared limits: one tenant's burst waits in its own queue. */
  perOrg?: OrgLimitSettings;
}

export type OrgLimitSettings = Pick<LimitSettings, 'maxConcurrent' | 'requestsPerMinute' | 'tokensPerMinute'>;

/** One org's queue at a key with per-org limits. */
export interface OrgQueueStatus {
  orgId: string;
  /** Waiting for the org's own share. */
  queued: number;
  /** Past the org's share: waiting for the shared limits or running. */
  running: number;
  done: number;
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
  perOrg?: OrgLimitSettings;
  /** Each org's queue, when the key has per-org limits (orgs that called it since the process started). */
  orgs?: OrgQueueStatus[];
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
  /** Per key with per-org limits: each org's figures (its limiters are keyed `key#org:orgId`). */
  readonly #orgFigures = new Map<string, Map<string, Figures>>();
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

  #requestsOf(key: string, limits: LimitSettings): Bottleneck {
    return this.#limiter(this.#requests, 'jobcenter-llm-requests', key, requestOptions(limits));
  }

  #tokensOf(key: string, limits: LimitSettings): Bottleneck {
    return this.#limiter(this.#tokens, 'jobcenter-llm-tokens', key, tokenOptions(limits));
  }

  #orgFiguresOf(key: string, orgId: string, limits: OrgLimitSettings): Figures {
    let orgs = this.#orgFigures.get(key);
    if (!orgs) this.#orgFigures.set(key, (orgs = new Map()));
    let figures = orgs.get(orgId);
    if (!figures) orgs.set(orgId, (figures = { limits, queued: 0, running: 0, done: 0, rateLimited: 0, starts: [] }));
    return figures;
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
  async run<T>(key: string, estimatedTokens: number, signal: AbortSignal, fn: () => Promise<{ value: T; tokens: number }>, orgId?: string): Promise<T> {
    const figures = this.#figuresOf(key);
    const perOrg = figures.limits.perOrg;
    const shared = () => this.#admit(key, figures, estimatedTokens, signal, fn);
    if (perOrg === undefined || orgId === undefined) return (await shared()).value;
    // The org's own share first, then the shared limits: a burst of one org queues behind its own share.
    const own = this.#orgFiguresOf(key, orgId, perOrg);
    return (await this.#admit(`${key}#org:${orgId}`, own, estimatedTokens, signal, shared)).value;
  }

  async #admit<T>(key: string, figures: Figures, estimatedTokens: number, signal: AbortSignal, fn: () => Promise<{ value: T; tokens: number }>): Promise<{ value: T; tokens: number }> {
    const tpm = figures.limits.tokensPerMinute;
    const weight = tpm === undefined ? 0 : Math.max(1, Math.min(estimatedTokens, tpm));
    figures.queued++;
    this.#changed();
    let state: 'queued' | 'running' | 'left' = 'queued';
    const job = async (): Promise<{ value: T; tokens: number }> => {
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
        const result = await fn();
        const { tokens } = result;
        // A provider that reports no usage (0) keeps the estimate: refunding it would lift the limit.
        if (tpm !== undefined && tokens > 0 && tokens !== weight) {
          await this.#tokensOf(key, figures.limits).incrementReservoir(weight - tokens).catch(() => undefined);
        }
        return result;
      } finally {
        figures.running--;
        figures.done++;
        this.#changed();
      }
    };
    const scheduled =
      tpm === undefined
        ? this.#requestsOf(key, figures.limits).schedule(job)
        : this.#tokensOf(key, figures.limits).schedule({ weight }, () => this.#requestsOf(key, figures.limits).schedule(job));
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
        const orgs = this.#orgFigures.get(key);
        return {
          key,
          ...f.limits,
          queued: Math.max(0, f.queued),
          running: f.running,
          done: f.done,
          rateLimited: f.rateLimited,
          callsLastMinute: f.starts.length,
          ...(orgs && {
            orgs: [...orgs.entries()]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([orgId, o]) => ({ orgId, queued: Math.max(0, o.queued), running: o.running, done: o.done })),
          }),
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
