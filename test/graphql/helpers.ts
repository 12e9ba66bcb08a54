/**
 * Integration helpers for the GraphQL API: a real app from createApp on 127.0.0.1 (ephemeral port,
 * temp data dir), a `gql` helper over real HTTP, and graphql-ws subscriptions with the `ws` package.
 *
 *   const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: '4' } });   // top level of a test file
 *   test('...', async () => {
 *     const { data } = await api().gql('{ viewer { orgId } }');          // admin token by default
 *     const sub = api().subscribe('subscription { jobEvents { kind jobId } }');
 *     await sub.live();                                                  // the server listens now
 *     const events = await sub.until((evs) => evs.length >= 2);
 *   });
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, silentLogger, type Logger } from '../../src/engine/runtime/logger.js';
import type { Permission } from '../../src/engine/domain/types.js';
import type { PluginDefinition } from '../../src/tasks/define.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PLUGINS_DIR = path.join(REPO_ROOT, 'plugins');
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; issues?: Array<{ path: string; message: string }>; [key: string]: unknown };
}

export interface GqlResponse<T = any> {
  status: number;
  headers: Headers;
  data: T | null | undefined;
  errors: GqlError[] | undefined;
}

/** A token argument: a secret; `undefined` uses the admin token; `null` sends no Authorization header. */
export type TokenArg = string | null | undefined;

export interface Subscription<T = any> {
  /** Every `next` payload so far (data and errors as sent). */
  readonly results: Array<{ data?: T | null; errors?: GqlError[] }>;
  /** The data of every result that had some, in order. */
  readonly events: T[];
  /** Set when the server ended the subscription (complete) or it failed. */
  readonly done: boolean;
  /** The error the sink received (a GraphQL error list, or a close event with `code`). */
  readonly error: unknown;
  /** Resolves once the server has registered this subscription's change-feed listener. */
  live(timeoutMs?: number): Promise<void>;
  /** Resolves with `events` once `predicate(events)` holds; rejects on timeout, error or completion. */
  until(predicate: (events: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  /** Resolves when the subscription ends (complete or error), with the error if any. */
  ended(timeoutMs?: number): Promise<unknown>;
  close(): Promise<void>;
}

export interface TestApp {
  app: App;
  /** http://127.0.0.1:PORT/graphql */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  wsUrl: string;
  dataDir: string;
  adminToken: string;
  /** POST a GraphQL operation (content-type application/json). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: TokenArg): Promise<GqlResponse<T>>;
  /** Like gql, but throws unless there is data and no error. */
  data<T = any>(query: string, variables?: Record<string, unknown>, token?: TokenArg): Promise<T>;
  /** A token for another org / user / set of permissions; returns its secret. */
  token(orgId: string, permissions: Permission[], userId?: string): Promise<string>;
  subscribe<T = any>(query: string, variables?: Record<string, unknown>, token?: TokenArg): Subscription<T>;
  /** A raw graphql-ws client (closed with the app). */
  wsClient(connectionParams?: Record<string, unknown>): Client;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  plugins?: PluginDefinition[];
  /** The app's logger (default: silent, or TEST_LOG_LEVEL's). */
  logger?: Logger;
}

/** POSTs a GraphQL operation to `url` (content-type application/json), with a bearer secret if given. */
export async function gqlAt<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  secret?: string,
): Promise<GqlResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(secret !== undefined && { authorization: `Bearer ${secret}` }),
    },
    body: JSON.stringify({ query, ...(variables && { variables }) }),
  });
  const text = await response.text();
  let body: { data?: unknown; errors?: GqlError[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`HTTP ${response.status}: not JSON: ${text.slice(0, 500)}`);
  }
  return { status: response.status, headers: response.headers, data: body.data as never, errors: body.errors };
}

/** Like gqlAt, but throws unless there is data and no error. */
export async function dataAt<T = any>(url: string, query: string, variables?: Record<string, unknown>, secret?: string): Promise<T> {
  const result = await gqlAt<T>(url, query, variables, secret);
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL failed (HTTP ${result.status}): ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

/** Starts an app on an ephemeral port with a fresh data dir. Stop it with `stop()`. */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobcenter-gql-'));
  const config = loadConfig(
    {
      HOST: '127.0.0.1',
      PORT: '0',
      JOBCENTER_DATA_DIR: dataDir,
      JOBCENTER_ADMIN_TOKEN: ADMIN_TOKEN,
      JOBCENTER_PLUGINS_DIR: PLUGINS_DIR,
      JOBCENTER_STRICT_PLUGINS: 'true',
      JOBCENTER_PROGRESS_WRITE_MS: '50',
      JOBCENTER_SHUTDOWN_GRACE_MS: '1000',
      JOBCENTER_CANCEL_GRACE_MS: '1000',
      ...options.env,
    },
    {},
    'serve',
  );
  const logger = options.logger ?? (process.env.TEST_LOG_LEVEL ? createLogger({ level: process.env.TEST_LOG_LEVEL }) : silentLogger);
  let app: App;
  try {
    app = await createApp(config, logger, options.plugins ?? []);
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  let started: { url?: string };
  try {
    started = await app.start();
  } catch (error) {
    await app.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const url = started.url!;
  const origin = new URL(url).origin;
  const wsUrl = url.replace(/^http/, 'ws');
  const clients = new Set<Client>();
  let stopped = false;

  const auth = (token: TokenArg) => (token === null ? undefined : (token ?? ADMIN_TOKEN));

  const wsClient = (connectionParams?: Record<string, unknown>): Client => {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      ...(connectionParams && { connectionParams }),
    });
    clients.add(client);
    return client;
  };

  const testApp: TestApp = {
    app,
    url,
    origin,
    wsUrl,
    dataDir,
    adminToken: ADMIN_TOKEN,
    gql(query, variables, token) {
      return gqlAt(url, query, variables, auth(token));
    },
    data(query, variables, token) {
      return dataAt(url, query, variables, auth(token));
    },
    async token(orgId, permissions, userId = `user-${orgId}`) {
      const { secret } = await app.tokens.create({ orgId, userId, permissions });
      return secret;
    },
    subscribe(query, variables, token) {
      const secret = auth(token);
      const client = wsClient(secret === undefined ? undefined : { authorization: `Bearer ${secret}` });
      return openSubscription(app, client, query, variables);
    },
    wsClient,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const client of clients) await client.dispose();
      clients.clear();
      try {
        await app.stop();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
  return testApp;
}

/** One app for the whole file: started in beforeAll, stopped in afterAll. Call at the top level. */
export function useTestApp(options: StartOptions = {}): () => TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(options);
  });
  afterAll(async () => {
    await current?.stop();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('the test app is not running (useTestApp must be called at the top level)');
    return current;
  };
}

function openSubscription<T>(app: App, client: Client, query: string, variables?: Record<string, unknown>): Subscription<T> {
  const results: Array<{ data?: T | null; errors?: GqlError[] }> = [];
  const events: T[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const state = { done: false, error: undefined as unknown };
  const feed = app.live;
  const listenersBefore = feed.subscriberCount;

  const unsubscribe = client.subscribe<T>(
    { query, ...(variables && { variables }) },
    {
      next: (value) => {
        results.push(value as { data?: T | null; errors?: GqlError[] });
        if (value.data) events.push(value.data as T);
        notify();
      },
      error: (error) => {
        state.done = true;
        state.error = error;
        notify();
      },
      complete: () => {
        state.done = true;
        notify();
      },
    },
  );

  const waitFor = <R>(check: () => R | undefined, timeoutMs: number, label: string): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      const listener = () => {
        let value: R | undefined;
        try {
          value = check();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}; got ${JSON.stringify(results).slice(0, 2000)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      listeners.add(listener);
      listener();
    });

  return {
    results,
    events,
    get done() {
      return state.done;
    },
    get error() {
      return state.error;
    },
    async live(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (feed.subscriberCount <= listenersBefore) {
        if (state.done) throw new Error(`the subscription ended before it was live: ${describeError(state.error)}; ${JSON.stringify(results)}`);
        if (Date.now() > deadline) throw new Error(`the subscription was not live after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    until(predicate, timeoutMs = 15_000) {
      return waitFor(
        () => {
          if (predicate(events)) return events;
          if (state.done) throw new Error(`the subscription ended first: ${describeError(state.error)}; ${JSON.stringify(results).slice(0, 2000)}`);
          return undefined;
        },
        timeoutMs,
        'the subscription predicate',
      );
    },
    ended(timeoutMs = 10_000) {
      return waitFor(() => (state.done ? { error: state.error } : undefined), timeoutMs, 'the subscription to end').then(
        (r) => r.error,
      );
    },
    async close() {
      const held = feed.subscriberCount;
      const wasLive = !state.done;
      unsubscribe();
      await client.dispose();
      // The server drops the subscription a moment later: wait, so the next live() counts from here.
      const deadline = Date.now() + 5_000;
      while (wasLive && feed.subscriberCount >= held && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    },
  };
}

export function describeError(error: unknown): string {
  if (error === undefined) return 'no error';
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'code' in error) {
    const e = error as { code: unknown; reason?: unknown };
    return `close ${String(e.code)} ${String(e.reason ?? '')}`;
  }
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** Polls until `check` returns a value that is not undefined/false; rejects after the timeout. */
export async function poll<R>(
  check: () => Promise<R | undefined | false> | R | undefined | false,
  { timeoutMs = 15_000, intervalMs = 25, label = 'a condition' }: { timeoutMs?: number; intervalMs?: number; label?: string } = {},
): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The first error's extensions.code (or undefined). */
export const codeOf = (result: { errors?: GqlError[] | undefined }): string | undefined => result.errors?.[0]?.extensions?.code;

/** Every issue path of the first error. */
export const issuePaths = (result: { errors?: GqlError[] | undefined }): string[] =>
  (result.errors?.[0]?.extensions?.issues ?? []).map((i) => i.path);

export const JOB_FIELDS = `id type status priority payload result attempt maxAttempts checkpoint cancelRequested createdAt finishedAt
  error { message code retryable attempt } retryOf { id }`;
