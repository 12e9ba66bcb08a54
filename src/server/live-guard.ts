/**
 * Live connections (graphql-ws sockets and SSE streams) and the token each one was opened with.
 *
 * - A connection ends when its token is revoked (re-read every `tokenRecheckMs`, so a revocation made
 *   by another process is seen too) or expires (a timer at its expiry): sockets close with
 *   CLOSE_CODES.tokenRevoked / tokenExpired, SSE streams send a last error and end.
 * - Caps: connections per token and per org (a socket over the cap is closed at connection_init, an
 *   SSE request is refused with 429), subscriptions per socket (the one over the cap gets an error).
 */
import type { ApiToken } from '../engine/domain/types.js';
import type { Logger } from '../engine/runtime/logger.js';

/** Close codes a graphql-ws client may receive from this server (besides graphql-ws's own). */
export const CLOSE_CODES = {
  /** The token expired while the socket was open. */
  tokenExpired: 4401,
  /** The token was revoked (or deleted) while the socket was open. */
  tokenRevoked: 4403,
  /** connection_init refused: the token or its org already holds its cap of connections. */
  tooManyConnections: 4429,
  /** The client fell further behind than JOBCENTER_LIVE_MAX_QUEUED_EVENTS on one subscription. */
  tooSlow: 4008,
} as const;

export interface LiveLimits {
  maxSubscriptionsPerSocket: number;
  maxSocketsPerToken: number;
  maxSocketsPerOrg: number;
  tokenRecheckMs: number;
  /** Events one subscription may hold for a client that is behind (default 1,000). */
  maxQueuedEvents?: number;
}

/** Why a connection is being ended: a close code and a reason a client can read. */
export interface EndReason {
  code: number;
  reason: string;
}

export interface LiveConnection {
  readonly token: ApiToken;
  /** Forgets the connection (call once, when it has closed). */
  release(): void;
}

interface Entry {
  token: ApiToken;
  end: (why: EndReason) => void;
  expiryTimer: NodeJS.Timeout | undefined;
  released: boolean;
}

/** Re-reads a token: why it no longer holds (deleted counts as revoked), or undefined. */
export type TokenRecheck = (token: ApiToken) => Promise<'revoked' | 'expired' | undefined>;

const MAX_TIMER_MS = 2 ** 31 - 1;

export class LiveGuard {
  readonly #entries = new Set<Entry>();
  readonly #perToken = new Map<string, number>();
  readonly #perOrg = new Map<string, number>();
  readonly #recheckTimer: NodeJS.Timeout;
  #rechecking = false;

  constructor(
    private readonly limits: LiveLimits,
    private readonly recheck: TokenRecheck,
    private readonly logger: Logger,
  ) {
    this.#recheckTimer = setInterval(() => void this.#recheckAll(), limits.tokenRecheckMs);
    this.#recheckTimer.unref();
  }

  /**
   * Admits a connection opened with `token`, or returns the message saying which cap it is over.
   * `end` is called at most once, when the token is revoked or expires.
   */
  admit(token: ApiToken, end: (why: EndReason) => void): LiveConnection | { refused: string } {
    const tokenCount = this.#perToken.get(token.id) ?? 0;
    if (tokenCount >= this.limits.maxSocketsPerToken) {
      return {
        refused: `this API token already holds ${this.limits.maxSocketsPerToken} live connections (JOBCENTER_MAX_SOCKETS_PER_TOKEN); close one first`,
      };
    }
    const orgCount = this.#perOrg.get(token.orgId) ?? 0;
    if (orgCount >= this.limits.maxSocketsPerOrg) {
      return {
        refused: `this API token's org already holds ${this.limits.maxSocketsPerOrg} live connections (JOBCENTER_MAX_SOCKETS_PER_ORG); close one first`,
      };
    }
    const entry: Entry = { token, end, expiryTimer: undefined, released: false };
    this.#entries.add(entry);
    this.#perToken.set(token.id, tokenCount + 1);
    this.#perOrg.set(token.orgId, orgCount + 1);
    if (token.expiresAt !== undefined) this.#armExpiry(entry, token.expiresAt);
    return {
      token,
      release: () => this.#release(entry),
    };
  }

  /** The error message for a socket's subscription over the cap, or undefined within it. */
  subscriptionRefusal(activeOnSocket: number): string | undefined {
    if (activeOnSocket <= this.limits.maxSubscriptionsPerSocket) return undefined;
    return `this socket already holds ${this.limits.maxSubscriptionsPerSocket} operations (JOBCENTER_MAX_SUBSCRIPTIONS_PER_SOCKET); complete one first or open another socket`;
  }

  get maxSubscriptionsPerSocket(): number {
    return this.limits.maxSubscriptionsPerSocket;
  }

  /** Open connections (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }

  stop(): void {
    clearInterval(this.#recheckTimer);
    for (const entry of this.#entries) clearTimeout(entry.expiryTimer);
  }

  #armExpiry(entry: Entry, expiresAt: number): void {
    const wait = Math.max(0, expiresAt - Date.now());
    entry.expiryTimer = setTimeout(() => {
      if (entry.released) return;
      if (Date.now() < expiresAt) return this.#armExpiry(entry, expiresAt);
      this.#end(entry, { code: CLOSE_CODES.tokenExpired, reason: 'this API token has expired' });
    }, Math.min(wait, MAX_TIMER_MS));
    entry.expiryTimer.unref();
  }

  #end(entry: Entry, why: EndReason): void {
    if (entry.released) return;
    this.#release(entry);
    try {
      entry.end(why);
    } catch (error) {
      this.logger.warn({ err: error }, 'ending a live connection failed');
    }
  }

  #release(entry: Entry): void {
    if (entry.released) return;
    entry.released = true;
    clearTimeout(entry.expiryTimer);
    this.#entries.delete(entry);
    decrement(this.#perToken, entry.token.id);
    decrement(this.#perOrg, entry.token.orgId);
  }

  /** One read per distinct token; every connection of a token that no longer holds is ended. */
  async #recheckAll(): Promise<void> {
    if (this.#rechecking || this.#entries.size === 0) return;
    this.#rechecking = true;
    try {
      const byToken = new Map<string, Entry[]>();
      for (const entry of this.#entries) {
        const list = byToken.get(entry.token.id);
        if (list) list.push(entry);
        else byToken.set(entry.token.id, [entry]);
      }
      for (const entries of byToken.values()) {
        let problem: 'revoked' | 'expired' | undefined;
        try {
          problem = await this.recheck(entries[0]!.token);
        } catch (error) {
          // A store that cannot answer now is asked again next time; connections stay open.
          this.logger.warn({ err: error }, 'could not re-read an API token of an open connection');
          continue;
        }
        if (!problem) continue;
        const why =
          problem === 'expired'
            ? { code: CLOSE_CODES.tokenExpired, reason: 'this API token has expired' }
            : { code: CLOSE_CODES.tokenRevoked, reason: 'this API token was revoked' };
        for (const entry of entries) this.#end(entry, why);
      }
    } finally {
      this.#rechecking = false;
    }
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 1) - 1;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}
