/**
 * Clustered limits: two gateways (as two processes would have) with their limiters clustered through a
 * real Redis hold one limit between them, as seen by a fake OpenAI-compatible server counting the
 * requests in flight. The Redis is a `redis-server` this file starts on a free loopback port; without
 * the binary the tests are skipped (CI installs it, see .ci/run).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createLlmGateway, type LlmCaller, type LlmGateway } from '../../src/engine/runtime/llm/index.js';
import type { LimitSettings } from '../../src/engine/runtime/llm/limiter.js';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { until } from '../helpers/events.js';
import { ok, startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { useTempDirs } from '../helpers/tmp.js';

function findRedisServer(): string | undefined {
  if (fs.existsSync('/usr/bin/redis-server')) return '/usr/bin/redis-server';
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const bin = found.status === 0 ? found.stdout.trim() : '';
  return bin || undefined;
}

const REDIS_BIN = findRedisServer();
const SUITE = REDIS_BIN
  ? 'LLM limiter clustered through Redis'
  : 'LLM limiter clustered through Redis (SKIPPED: no redis-server binary in /usr/bin or on PATH; `apt-get install redis-server` to run it)';

const CALLER: LlmCaller = { orgId: 'org-1', source: 'test' };
const MESSAGES = [{ role: 'user', content: 'hello' }];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const tmp = useTempDirs('jobcenter-redis-limiter-');
let fake: FakeOpenAi;
const open: Array<{ store: Store; close(): Promise<void> }> = [];

beforeEach(async () => {
  fake = await startFakeOpenAi({ fallback: ok(['one', ' two', ' three'], { delayMs: 15 }) });
});
afterEach(async () => {
  for (const g of open.splice(0)) {
    await g.close();
    await g.store.close();
  }
  await fake.close();
});

/** A gateway with its own store, as another process would have; clustered when `redisUrl` is given. */
function gateway(limits: LimitSettings, redisUrl?: string): LlmGateway {
  const store = openSqliteStore({ file: tmp.file() });
  const made = createLlmGateway(
    {
      providers: [{ name: 'fake', baseUrl: `${fake.url}/v1`, apiKey: 'sk-test', models: { m: limits } }],
      defaultProvider: 'fake',
      demoLimits: {},
      maxRetries: 0,
      timeoutMs: 60_000,
      ...(redisUrl !== undefined && { redisUrl }),
    },
    store,
    silentLogger,
  );
  open.push({ store, close: made.close });
  return made.gateway;
}

const fire = (g: LlmGateway, n: number, signal?: AbortSignal) =>
  Array.from({ length: n }, () => g.chat({ ...CALLER, ...(signal && { signal }) }, { model: 'm', messages: MESSAGES }));

test('control: two unclustered gateways each hold their own limit, so together they exceed it', async () => {
  const a = gateway({ maxConcurrent: 1 });
  const b = gateway({ maxConcurrent: 1 });
  await Promise.all([...fire(a, 3), ...fire(b, 3)]);
  expect(fake.requests).toHaveLength(6);
  expect(fake.maxInFlight).toBe(2);
});

describe.skipIf(!REDIS_BIN)(SUITE, () => {
  let redis: ChildProcess | undefined;
  let redisUrl = '';
  let dataDir = '';
  let admin: Redis | undefined;

  beforeAll(async () => {
    const port = await freePort();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobcenter-redis-'));
    redis = spawn(REDIS_BIN!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    redis.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    redis.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<never>((_, reject) =>
      redis!.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([until(() => output.includes('Ready to accept connections'), { timeoutMs: 20_000, label: 'redis-server to be ready' }), exited]);
    redisUrl = `redis://127.0.0.1:${port}`;
    admin = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.quit().catch(() => undefined);
    if (redis && redis.exitCode === null) {
      const exited = new Promise((resolve) => redis!.once('exit', resolve));
      redis.kill('SIGTERM');
      await exited;
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    // Each test starts from an empty datastore (the limiters keep their state in Redis).
    await admin?.flushall();
  });

  test('maxConcurrent 1 holds across two gateways: never more than one request in flight', async () => {
    const a = gateway({ maxConcurrent: 1 }, redisUrl);
    const b = gateway({ maxConcurrent: 1 }, redisUrl);
    const calls = [...fire(a, 4), ...fire(b, 4)];
    const responses = await Promise.all(calls);
    expect(responses).toHaveLength(8);
    expect(fake.requests).toHaveLength(8);
    expect(fake.maxInFlight).toBe(1);
    // Each gateway's figures count its own calls.
    expect(a.status().limiters).toMatchObject([{ key: 'fake:m', maxConcurrent: 1, done: 4, queued: 0, running: 0 }]);
    expect(b.status().limiters).toMatchObject([{ key: 'fake:m', maxConcurrent: 1, done: 4, queued: 0, running: 0 }]);
  });

  test('maxConcurrent 2 across two gateways: at most two in flight, every call answered', async () => {
    const a = gateway({ maxConcurrent: 2 }, redisUrl);
    const b = gateway({ maxConcurrent: 2 }, redisUrl);
    await Promise.all([...fire(a, 5), ...fire(b, 5)]);
    expect(fake.requests).toHaveLength(10);
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);
  });

  test('requestsPerMinute is one reservoir for both gateways, also for one that joins later', async () => {
    const a = gateway({ requestsPerMinute: 3 }, redisUrl);
    const b = gateway({ requestsPerMinute: 3 }, redisUrl);
    const stop = new AbortController();
    // A spends two of the three; B's limiter is made only then, and must not refill the reservoir.
    const first = fire(a, 2, stop.signal);
    await Promise.all(first);
    const calls = [...first, ...fire(b, 2, stop.signal)];
    for (const c of calls) c.catch(() => undefined);
    await fake.waitForRequests(3);
    await until(() => a.status().queued + b.status().queued === 1 && a.status().running + b.status().running === 0, {
      label: 'three calls done and one held',
    });
    // A while later the fourth is still held.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests).toHaveLength(3);
    stop.abort(new Error('test over'));
    const settled = await Promise.allSettled(calls);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(3);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
  });
});
