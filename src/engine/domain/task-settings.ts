/**
 * Settings from the server's configuration that task handlers read as `ctx.settings` (frozen). A
 * plugin reads its settings here, never from the environment: the config is the only reader of it.
 */

/** Outbound HTTP from tasks (the `http-request` plugin and any plugin using `httpRequest`). */
export interface HttpSettings {
  /**
   * Let through although loopback, private, link-local or otherwise internal: addresses
   * (`127.0.0.1`, `[::1]:8080`), networks (`10.0.0.0/8`), host names (`internal.example`), each with
   * an optional `:port`.
   */
  readonly allow: readonly string[];
  /** Refused although public: the same forms as `allow`. The deny-list wins over the allow-list. */
  readonly deny: readonly string[];
  /** Response body bytes kept; the rest is not read, and the result says it was truncated. */
  readonly maxResponseBytes: number;
  /** The most one request may take, redirects and body included; a task's own timeout can be lower. */
  readonly timeoutMs: number;
}

export interface TaskSettings {
  readonly http: HttpSettings;
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = Object.freeze({
  allow: Object.freeze([]),
  deny: Object.freeze([]),
  maxResponseBytes: 1024 * 1024,
  timeoutMs: 30_000,
});

export const DEFAULT_TASK_SETTINGS: TaskSettings = Object.freeze({ http: DEFAULT_HTTP_SETTINGS });
