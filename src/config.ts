/**
 * The configuration: one zod-validated, frozen object built from the environment and command-line
 * flags. Nothing else reads process.env. An invalid setting stops start-up with the variable's name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { LlmSettings, ProviderSettings } from './engine/runtime/llm/index.js';
import type { TaskSettings } from './engine/domain/task-settings.js';
import { AddressRuleError, parseAddressRule } from './tasks/network/address-policy.js';
import type { QuotaSettings } from './engine/services/quotas.js';
import { parsePriceRows } from './engine/services/price-service.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

/** Every setting, by the environment variable that sets it, with its default. */
const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JOBCENTER_DATA_DIR: z.string().min(1).default('./data'),
  /** If set, the bootstrap admin token (at least 16 characters); otherwise one is made at first start. */
  JOBCENTER_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Attempts this process runs at once. */
  JOBCENTER_CONCURRENCY: int(1, 10_000).default(10),
  /** RUNNING jobs per org across all workers; unset for no limit. */
  JOBCENTER_ORG_CONCURRENCY: int(1, 100_000).optional(),
  JOBCENTER_LEASE_MS: int(1000, 3_600_000).default(30_000),
  /** Quotas, so one org cannot starve the others (see the README's Security section). */
  JOBCENTER_ORG_MAX_SCHEDULES: int(1, 10_000_000).default(1000),
  JOBCENTER_ORG_MAX_SUBMINUTE_SCHEDULES: int(0, 10_000_000).default(10),
  JOBCENTER_ORG_MAX_QUEUED_JOBS: int(1, 1_000_000_000).default(100_000),
  /** Jobs one API token may enqueue a second (0: no limit), and at once. */
  JOBCENTER_TOKEN_ENQUEUE_RATE: int(0, 10_000_000).default(200),
  JOBCENTER_TOKEN_ENQUEUE_BURST: int(1, 10_000_000).default(2000),
  JOBCENTER_ORG_MAX_SEARCHES: int(1, 10_000).default(4),
  JOBCENTER_CANCEL_GRACE_MS: int(0, 600_000).default(10_000),
  JOBCENTER_SHUTDOWN_GRACE_MS: int(0, 3_600_000).default(10_000),
  JOBCENTER_PROGRESS_WRITE_MS: int(0, 60_000).default(500),
  /** Per-attempt timeout for task types that set none; 0 for none. */
  JOBCENTER_DEFAULT_TIMEOUT_MS: int(0, 7 * 24 * 3_600_000).default(3_600_000),
  /** How often each scheduler writes its heartbeat. */
  JOBCENTER_SCHEDULER_HEARTBEAT_MS: int(100, 60_000).default(5000),
  /** No scheduler heartbeat for this long, while enabled schedules exist, raises SCHEDULER_STALLED. */
  JOBCENTER_SCHEDULER_STALL_MS: int(1000, 86_400_000).default(30_000),
  /**
   * Write a slot's run and job up to this long before the slot (0: at the slot). The job never
   * starts before its slot; a disable or delete in that window cancels the written run, an edit in
   * it applies from the next slot. See the README's schedules section.
   */
  JOBCENTER_SCHEDULER_AHEAD_MS: int(0, 60_000).default(500),
  /** Finished jobs and their logs are deleted after this many days; 0 keeps them forever. */
  JOBCENTER_RETENTION_DAYS: z.coerce.number().min(0).max(3650).default(7),
  JOBCENTER_PLUGINS_DIR: z.string().min(1).default('./plugins'),
  /** More plugins: module names or paths, comma-separated. */
  JOBCENTER_PLUGINS: z.string().default(''),
  /** When true, a plugin that fails to load stops start-up; otherwise it is logged and skipped. */
  JOBCENTER_STRICT_PLUGINS: bool.default(false),
  JOBCENTER_SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  JOBCENTER_MAX_REQUEST_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  JOBCENTER_MAX_QUERY_DEPTH: int(2, 100).default(12),
  JOBCENTER_MAX_QUERY_COST: int(100, 1_000_000_000).default(20_000),
  JOBCENTER_MAX_ALIASES: int(1, 1000).default(30),
  /** The longest one query or mutation may run before it is stopped. */
  JOBCENTER_OPERATION_TIMEOUT_MS: int(100, 600_000).default(15_000),
  /** The most fields one response may hold. */
  JOBCENTER_MAX_RESPONSE_NODES: int(100, 10_000_000).default(50_000),
  /**
   * How long an org's oldest queued HTTP request may have waited for its turn before the org's new
   * requests are refused with 429 and Retry-After (0: never).
   */
  JOBCENTER_MAX_QUEUE_WAIT_MS: int(0, 600_000).default(1_000),
  JOBCENTER_GRAPHIQL: bool.default(true),
  /** Browser origins (scheme://host[:port], comma-separated) allowed besides the server's own. */
  JOBCENTER_ALLOWED_ORIGINS: z.string().default(''),
  /** Where other systems reach this server (callback URLs of waits); default: the address it listens on. */
  JOBCENTER_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Live operations one graphql-ws socket may hold at once. */
  JOBCENTER_MAX_SUBSCRIPTIONS_PER_SOCKET: int(1, 100_000).default(50),
  /** Events one subscription may hold for a client that is behind; past it the socket is closed (4008). */
  JOBCENTER_LIVE_MAX_QUEUED_EVENTS: int(10, 1_000_000).default(1_000),
  /** Latest changes kept per org so a subscriber that reconnects can resume after its last event id. */
  JOBCENTER_LIVE_REPLAY_EVENTS: int(0, 1_000_000).default(2_000),
  /** Open sockets and SSE streams one token may hold at once. */
  JOBCENTER_MAX_SOCKETS_PER_TOKEN: int(1, 100_000).default(10),
  /** Open sockets and SSE streams all of one org's tokens may hold at once. */
  JOBCENTER_MAX_SOCKETS_PER_ORG: int(1, 1_000_000).default(100),
  /**
   * How often open sockets and SSE streams re-read their token (a revocation closes them), and how long
   * HTTP requests use a verified token before reading it again: how soon a revocation made by another
   * process is seen (one made through this process, and expiry, count at once).
   */
  JOBCENTER_TOKEN_RECHECK_MS: int(50, 3_600_000).default(5000),
  /** `off` answers /metrics with 404. */
  JOBCENTER_METRICS: z
    .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => ['on', 'true', '1', 'yes'].includes(v))
    .default(true),
  /** When set, /metrics needs `Authorization: Bearer <this>`; otherwise it answers loopback clients only. */
  JOBCENTER_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Loopback, private and link-local targets that tasks' HTTP requests may reach: addresses,
   * networks, host names, each with an optional :port, comma-separated (see "Security"). */
  JOBCENTER_HTTP_ALLOW: z.string().default(''),
  /** Public targets tasks' HTTP requests may not reach; same forms; wins over the allow-list. */
  JOBCENTER_HTTP_DENY: z.string().default(''),
  /** Response body bytes a task's HTTP request reads; the rest is not read and the result says so. */
  JOBCENTER_HTTP_MAX_RESPONSE_BYTES: int(1, 100 * 1024 * 1024).default(1024 * 1024),
  /** The most one HTTP request from a task may take, redirects and body included. */
  JOBCENTER_HTTP_TIMEOUT_MS: int(1, 3_600_000).default(30_000),
  /** A MongoDB replica set to use instead of the embedded SQLite store. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// connection string')
    .optional(),
  /** The database on MONGODB_URI (default: the URI's, else "jobcenter"). */
  MONGODB_DB: z.string().regex(/^[^/\\. "$*<>:|?]{1,63}$/, 'must be a valid MongoDB database name').optional(),
  /** This process's name among several sharing one MongoDB (keys its change-stream resume token). */
  JOBCENTER_NODE_NAME: z.string().min(1).max(200).optional(),
  /** LLM providers as JSON: [{ name, baseUrl, apiKeyEnv?, limits?, models? }] (see the README). */
  JOBCENTER_LLM_PROVIDERS: z.string().default('[]'),
  /** With no `openai` provider configured, a key here adds one on api.openai.com. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  JOBCENTER_LLM_DEFAULT_PROVIDER: z.string().min(1).optional(),
  JOBCENTER_LLM_MAX_RETRIES: int(0, 20).default(3),
  JOBCENTER_LLM_TIMEOUT_MS: int(1000, 3_600_000).default(120_000),
  /** Recorded LLM calls are deleted after this many days; 0 keeps them. */
  JOBCENTER_LLM_RETENTION_DAYS: z.coerce.number().min(0).max(3650).default(7),
  /** A JSON file of model prices over the shipped ones: [{ key, inputPerMTok, outputPerMTok, ... }] (see the README). */
  JOBCENTER_LLM_PRICES: z.string().min(1).optional(),
  /** Cluster the LLM limiters through this Redis, so limits hold across processes. */
  LLM_LIMITER_REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
});

const limitsSchema = z
  .object({
    maxConcurrent: z.number().int().min(1).optional(),
    minTimeMs: z.number().int().min(0).optional(),
    requestsPerMinute: z.number().int().min(1).optional(),
    tokensPerMinute: z.number().int().min(1).optional(),
    /** Each org's own share of the key, before the shared limits. */
    perOrg: z
      .object({
        maxConcurrent: z.number().int().min(1).optional(),
        requestsPerMinute: z.number().int().min(1).optional(),
        tokensPerMinute: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const providersSchema = z.array(
  z
    .object({
      name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1-40 lowercase letters, digits, "_" or "-"').refine((n) => n !== 'demo', 'is reserved'),
      baseUrl: z.url({ protocol: /^https?$/ }),
      /** The variable holding the key (keys never go in this JSON). */
      apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
      limits: limitsSchema.optional(),
      models: z.record(z.string().min(1), limitsSchema).optional(),
    })
    .strict(),
);

/** Command-line flags and the variable each one sets. */
const FLAGS: Record<string, keyof z.input<typeof envSchema>> = {
  host: 'HOST',
  port: 'PORT',
  'log-level': 'LOG_LEVEL',
  'data-dir': 'JOBCENTER_DATA_DIR',
  concurrency: 'JOBCENTER_CONCURRENCY',
  plugins: 'JOBCENTER_PLUGINS',
};

export type Mode = 'serve' | 'worker' | 'api';

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  logLevel: string;
  dataDir: string;
  databaseFile: string;
  adminToken: string | undefined;
  executor: {
    concurrency: number;
    orgConcurrency: number | undefined;
    leaseMs: number;
    cancelGraceMs: number;
    shutdownGraceMs: number;
    progressWriteMs: number;
    defaultTimeoutMs: number;
  };
  /** Heartbeat interval, and the silence after which the watchdog calls the scheduler stalled. */
  scheduler: { heartbeatMs: number; stallAfterMs: number; aheadMs: number };
  retentionMs: number;
  quotas: QuotaSettings;
  plugins: { dir: string; modules: string[]; strict: boolean };
  sqliteSynchronous: 'NORMAL' | 'FULL';
  limits: {
    maxRequestBytes: number;
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    operationTimeoutMs: number;
    maxResponseNodes: number;
    maxQueueWaitMs: number;
  };
  graphiql: boolean;
  /** Origins allowed besides the server's own (CORS and WebSocket upgrades). */
  allowedOrigins: string[];
  /** The server's public origin, for the callback URLs of waits (JOBCENTER_PUBLIC_URL). */
  publicUrl?: string;
  /** Caps on live connections, and how often their tokens are re-read. */
  live: {
    maxSubscriptionsPerSocket: number;
    maxSocketsPerToken: number;
    maxSocketsPerOrg: number;
    tokenRecheckMs: number;
    maxQueuedEvents: number;
    replayEvents: number;
  };
  /** The Prometheus endpoint /metrics: off, or on behind a bearer token (or loopback only without one). */
  metrics: { enabled: boolean; token: string | undefined };
  /** Set when the store is MongoDB; otherwise the embedded SQLite file is used. */
  mongodb: { uri: string; dbName: string | undefined } | undefined;
  nodeName: string;
  llm: LlmSettings & { retentionMs: number };
  /** What task handlers read as `ctx.settings`. */
  tasks: TaskSettings;
}

export class ConfigError extends Error {}

/** Splits `--name value` / `--name=value` flags (known ones only) from the rest of the arguments. */
export function parseFlags(argv: string[]): { env: Record<string, string>; rest: string[] } {
  const env: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const key = match ? FLAGS[match[1]!] : undefined;
    if (!match || !key) {
      rest.push(arg);
      continue;
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new ConfigError(`--${match[1]} needs a value`);
    env[key] = value;
  }
  return { env, rest };
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  flags: Record<string, string> = {},
  mode: Mode = 'serve',
): Config {
  const source: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = flags[key] ?? env[key];
    if (value !== undefined && value !== '') source[key] = value;
  }
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // A threshold within two beats would call a healthy scheduler stalled.
  if (e.JOBCENTER_SCHEDULER_STALL_MS < 2 * e.JOBCENTER_SCHEDULER_HEARTBEAT_MS) {
    throw new ConfigError('invalid configuration:\n  JOBCENTER_SCHEDULER_STALL_MS: must be at least twice JOBCENTER_SCHEDULER_HEARTBEAT_MS');
  }
  const dataDir = path.resolve(e.JOBCENTER_DATA_DIR);
  const llm = llmSettings(e, env);
  return Object.freeze({
    mode,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    dataDir,
    databaseFile: path.join(dataDir, 'jobcenter.db'),
    adminToken: e.JOBCENTER_ADMIN_TOKEN,
    executor: Object.freeze({
      concurrency: e.JOBCENTER_CONCURRENCY,
      orgConcurrency: e.JOBCENTER_ORG_CONCURRENCY,
      leaseMs: e.JOBCENTER_LEASE_MS,
      cancelGraceMs: e.JOBCENTER_CANCEL_GRACE_MS,
      shutdownGraceMs: e.JOBCENTER_SHUTDOWN_GRACE_MS,
      progressWriteMs: e.JOBCENTER_PROGRESS_WRITE_MS,
      defaultTimeoutMs: e.JOBCENTER_DEFAULT_TIMEOUT_MS,
    }),
    scheduler: Object.freeze({ heartbeatMs: e.JOBCENTER_SCHEDULER_HEARTBEAT_MS, stallAfterMs: e.JOBCENTER_SCHEDULER_STALL_MS, aheadMs: e.JOBCENTER_SCHEDULER_AHEAD_MS }),
    retentionMs: e.JOBCENTER_RETENTION_DAYS * 24 * 3_600_000,
    quotas: Object.freeze({
      maxSchedulesPerOrg: e.JOBCENTER_ORG_MAX_SCHEDULES,
      maxSubMinuteSchedulesPerOrg: e.JOBCENTER_ORG_MAX_SUBMINUTE_SCHEDULES,
      maxQueuedJobsPerOrg: e.JOBCENTER_ORG_MAX_QUEUED_JOBS,
      tokenEnqueuePerSecond: e.JOBCENTER_TOKEN_ENQUEUE_RATE,
      tokenEnqueueBurst: e.JOBCENTER_TOKEN_ENQUEUE_BURST,
      maxSearchesPerOrg: e.JOBCENTER_ORG_MAX_SEARCHES,
    }),
    plugins: Object.freeze({
      dir: path.resolve(e.JOBCENTER_PLUGINS_DIR),
      modules: e.JOBCENTER_PLUGINS.split(',').map((s) => s.trim()).filter(Boolean),
      strict: e.JOBCENTER_STRICT_PLUGINS,
    }),
    sqliteSynchronous: e.JOBCENTER_SQLITE_SYNCHRONOUS,
    limits: Object.freeze({
      maxRequestBytes: e.JOBCENTER_MAX_REQUEST_BYTES,
      maxDepth: e.JOBCENTER_MAX_QUERY_DEPTH,
      maxCost: e.JOBCENTER_MAX_QUERY_COST,
      maxAliases: e.JOBCENTER_MAX_ALIASES,
      operationTimeoutMs: e.JOBCENTER_OPERATION_TIMEOUT_MS,
      maxResponseNodes: e.JOBCENTER_MAX_RESPONSE_NODES,
      maxQueueWaitMs: e.JOBCENTER_MAX_QUEUE_WAIT_MS,
    }),
    graphiql: e.JOBCENTER_GRAPHIQL,
    allowedOrigins: Object.freeze(parseOrigins(e.JOBCENTER_ALLOWED_ORIGINS)) as string[],
    ...(e.JOBCENTER_PUBLIC_URL !== undefined && { publicUrl: e.JOBCENTER_PUBLIC_URL.replace(/\/+$/, '') }),
    live: Object.freeze({
      maxSubscriptionsPerSocket: e.JOBCENTER_MAX_SUBSCRIPTIONS_PER_SOCKET,
      maxSocketsPerToken: e.JOBCENTER_MAX_SOCKETS_PER_TOKEN,
      maxSocketsPerOrg: e.JOBCENTER_MAX_SOCKETS_PER_ORG,
      tokenRecheckMs: e.JOBCENTER_TOKEN_RECHECK_MS,
      maxQueuedEvents: e.JOBCENTER_LIVE_MAX_QUEUED_EVENTS,
      replayEvents: e.JOBCENTER_LIVE_REPLAY_EVENTS,
    }),
    metrics: Object.freeze({ enabled: e.JOBCENTER_METRICS, token: e.JOBCENTER_METRICS_TOKEN }),
    mongodb: e.MONGODB_URI ? Object.freeze({ uri: e.MONGODB_URI, dbName: e.MONGODB_DB }) : undefined,
    nodeName: e.JOBCENTER_NODE_NAME ?? `${os.hostname()}-${mode}`,
    llm,
    tasks: Object.freeze({
      http: Object.freeze({
        allow: addressList('JOBCENTER_HTTP_ALLOW', e.JOBCENTER_HTTP_ALLOW),
        deny: addressList('JOBCENTER_HTTP_DENY', e.JOBCENTER_HTTP_DENY),
        maxResponseBytes: e.JOBCENTER_HTTP_MAX_RESPONSE_BYTES,
        timeoutMs: e.JOBCENTER_HTTP_TIMEOUT_MS,
      }),
    }),
  });
}

/** A comma-separated allow- or deny-list, each entry checked; a bad one stops start-up naming it. */
function addressList(variable: string, value: string): readonly string[] {
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    try {
      parseAddressRule(entry);
    } catch (error) {
      if (error instanceof AddressRuleError) throw new ConfigError(`invalid configuration:\n  ${variable}: ${error.message}`);
      throw error;
    }
  }
  return Object.freeze(entries);
}

/** JOBCENTER_ALLOWED_ORIGINS as normalised origins; anything that is not a bare http(s) origin stops start-up. */
function parseOrigins(value: string): string[] {
  const origins: string[] = [];
  for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
      throw new ConfigError(`invalid configuration:\n  JOBCENTER_ALLOWED_ORIGINS: "${item}" is not an origin like https://console.example.com`);
    }
    origins.push(url.origin);
  }
  return origins;
}

/** Providers from JOBCENTER_LLM_PROVIDERS (keys read from the variables they name), plus `openai`
 * when OPENAI_API_KEY is set, plus `demo`, always. */
function llmSettings(e: z.output<typeof envSchema>, env: Record<string, string | undefined>): Config['llm'] {
  let raw: unknown;
  try {
    raw = JSON.parse(e.JOBCENTER_LLM_PROVIDERS);
  } catch {
    throw new ConfigError('invalid configuration:\n  JOBCENTER_LLM_PROVIDERS: is not valid JSON');
  }
  const parsed = providersSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  JOBCENTER_LLM_PROVIDERS.${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const providers: ProviderSettings[] = [];
  for (const p of parsed.data) {
    const apiKey = p.apiKeyEnv ? env[p.apiKeyEnv] : undefined;
    if (p.apiKeyEnv && !apiKey) throw new ConfigError(`invalid configuration:\n  ${p.apiKeyEnv}: is not set (the key of LLM provider "${p.name}")`);
    providers.push({ name: p.name, baseUrl: p.baseUrl, apiKey: apiKey ?? '', ...(p.limits && { limits: p.limits }), ...(p.models && { models: p.models }) });
  }
  if (e.OPENAI_API_KEY && !providers.some((p) => p.name === 'openai')) {
    providers.push({ name: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: e.OPENAI_API_KEY });
  }
  const defaultProvider = e.JOBCENTER_LLM_DEFAULT_PROVIDER ?? providers[0]?.name ?? 'demo';
  if (defaultProvider !== 'demo' && !providers.some((p) => p.name === defaultProvider)) {
    throw new ConfigError(`invalid configuration:\n  JOBCENTER_LLM_DEFAULT_PROVIDER: no provider is named "${defaultProvider}"`);
  }
  return {
    providers,
    defaultProvider,
    demoLimits: { maxConcurrent: 4, requestsPerMinute: 600 },
    maxRetries: e.JOBCENTER_LLM_MAX_RETRIES,
    timeoutMs: e.JOBCENTER_LLM_TIMEOUT_MS,
    retentionMs: e.JOBCENTER_LLM_RETENTION_DAYS * 24 * 3_600_000,
    ...(e.LLM_LIMITER_REDIS_URL !== undefined && { redisUrl: e.LLM_LIMITER_REDIS_URL }),
    ...(e.JOBCENTER_LLM_PRICES !== undefined && { prices: readPriceFile(e.JOBCENTER_LLM_PRICES) }),
  };
}

/** The prices file, validated: every problem names its row and field. */
function readPriceFile(file: string): NonNullable<LlmSettings['prices']> {
  const where = `JOBCENTER_LLM_PRICES (${file})`;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`invalid configuration:\n  ${where}: cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`invalid configuration:\n  ${where}: is not valid JSON: ${(error as Error).message}`);
  }
  const { prices, issues } = parsePriceRows(raw);
  if (issues.length) throw new ConfigError(`invalid configuration:\n${issues.map((i) => `  ${where}: ${i}`).join('\n')}`);
  return prices;
}
