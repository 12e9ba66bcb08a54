/**
 * Configuration: defaults, validation naming the variable, flags over env; and the CLI: a bad
 * setting stops `serve` with the variable's name, `token create` prints a secret that works.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { ConfigError, loadConfig, parseFlags } from '../src/config.js';
import { expiresInDays } from '../src/token-expiry.js';
import { PLUGINS_DIR, startTestApp, type TestApp } from './graphql/helpers.js';
import { useProcesses } from './graphql/server-process.js';

const processes = useProcesses();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function configError(env: Record<string, string>, flags: Record<string, string> = {}): ConfigError {
  try {
    loadConfig(env, flags);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify({ env, flags })}`);
}

test('loadConfig defaults', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    mode: 'serve',
    host: '127.0.0.1',
    port: 4000,
    logLevel: 'info',
    dataDir: path.resolve('./data'),
    databaseFile: path.join(path.resolve('./data'), 'jobcenter.db'),
    adminToken: undefined,
    executor: {
      concurrency: 10,
      orgConcurrency: undefined,
      leaseMs: 30_000,
      cancelGraceMs: 10_000,
      shutdownGraceMs: 10_000,
      progressWriteMs: 500,
      defaultTimeoutMs: 3_600_000,
    },
    retentionMs: 7 * 24 * 3_600_000,
    plugins: { dir: path.resolve('./plugins'), modules: [], strict: false },
    sqliteSynchronous: 'NORMAL',
    limits: { maxRequestBytes: 1024 * 1024, maxDepth: 12, maxCost: 20_000, maxAliases: 30 },
    graphiql: true,
  });
  expect(Object.isFrozen(config)).toBe(true);
  expect(loadConfig({}, {}, 'worker').mode).toBe('worker');
  // Empty strings count as unset.
  expect(loadConfig({ PORT: '', JOBCENTER_CONCURRENCY: '' }).port).toBe(4000);
});

test('settings from the environment are parsed', () => {
  const config = loadConfig({
    PORT: '0',
    JOBCENTER_CONCURRENCY: '3',
    JOBCENTER_ORG_CONCURRENCY: '2',
    JOBCENTER_PLUGINS: ' ./a.js, pkg-b ,,',
    JOBCENTER_STRICT_PLUGINS: 'yes',
    JOBCENTER_GRAPHIQL: '0',
    JOBCENTER_RETENTION_DAYS: '0.5',
    JOBCENTER_ADMIN_TOKEN: 'a-long-enough-secret',
  });
  expect(config.port).toBe(0);
  expect(config.executor).toMatchObject({ concurrency: 3, orgConcurrency: 2 });
  expect(config.plugins).toMatchObject({ modules: ['./a.js', 'pkg-b'], strict: true });
  expect(config.graphiql).toBe(false);
  expect(config.retentionMs).toBe(12 * 3_600_000);
  expect(config.adminToken).toBe('a-long-enough-secret');
});

test('an invalid setting throws a ConfigError naming the variable', () => {
  for (const port of ['notaport', '65536', '-1', '80.5']) {
    expect(configError({ PORT: port }).message).toContain('PORT');
  }
  for (const concurrency of ['0', 'many', '10001']) {
    expect(configError({ JOBCENTER_CONCURRENCY: concurrency }).message).toContain('JOBCENTER_CONCURRENCY');
  }
  expect(configError({ JOBCENTER_ADMIN_TOKEN: 'short' }).message).toMatch(/JOBCENTER_ADMIN_TOKEN.*16/);
  expect(configError({ LOG_LEVEL: 'loud' }).message).toContain('LOG_LEVEL');
  expect(configError({ JOBCENTER_STRICT_PLUGINS: 'maybe' }).message).toContain('JOBCENTER_STRICT_PLUGINS');
  // Every invalid variable is named at once.
  const both = configError({ PORT: 'x', JOBCENTER_CONCURRENCY: '0' }).message;
  expect(both).toContain('PORT');
  expect(both).toContain('JOBCENTER_CONCURRENCY');
  // A bad flag is named by the variable it sets.
  expect(configError({}, parseFlags(['--port', 'nope']).env).message).toContain('PORT');
});

test('scheduler heartbeat and stall threshold: defaults, settings, and a threshold under two beats refused', () => {
  expect(loadConfig({}).scheduler).toEqual({ heartbeatMs: 5000, stallAfterMs: 30_000, aheadMs: 500 });
  expect(loadConfig({ JOBCENTER_SCHEDULER_AHEAD_MS: '800' }).scheduler.aheadMs).toBe(800);
  expect(loadConfig({ JOBCENTER_SCHEDULER_HEARTBEAT_MS: '1000', JOBCENTER_SCHEDULER_STALL_MS: '2000' }).scheduler).toEqual({
    heartbeatMs: 1000,
    stallAfterMs: 2000,
    aheadMs: 500,
  });
  expect(configError({ JOBCENTER_SCHEDULER_STALL_MS: '9999' }).message).toMatch(/JOBCENTER_SCHEDULER_STALL_MS.*twice/);
  expect(configError({ JOBCENTER_SCHEDULER_HEARTBEAT_MS: '0' }).message).toContain('JOBCENTER_SCHEDULER_HEARTBEAT_MS');
});

test('flags from parseFlags override the environment', () => {
  const { env, rest } = parseFlags(['serve', '--port', '5001', '--concurrency=3', '--data-dir', '/tmp/jc-flags', '--verbose', 'x']);
  expect(env).toEqual({ PORT: '5001', JOBCENTER_CONCURRENCY: '3', JOBCENTER_DATA_DIR: '/tmp/jc-flags' });
  expect(rest).toEqual(['serve', '--verbose', 'x']);
  const config = loadConfig({ PORT: '4001', JOBCENTER_CONCURRENCY: '9', HOST: '0.0.0.0' }, env);
  expect(config).toMatchObject({ port: 5001, host: '0.0.0.0', dataDir: '/tmp/jc-flags', executor: { concurrency: 3 } });
  expect(() => parseFlags(['--port'])).toThrow(ConfigError);
  expect(() => parseFlags(['--port'])).toThrow(/--port/);
});

test('the CLI refuses to start with PORT=notaport, naming the variable', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobcenter-cli-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const proc = processes.start(['serve'], { PORT: 'notaport', JOBCENTER_DATA_DIR: dataDir, JOBCENTER_PLUGINS_DIR: PLUGINS_DIR });
  const exit = await proc.waitExit();
  expect(exit.code).not.toBe(0);
  expect(exit.code).not.toBeNull();
  expect(proc.stderr).toContain('PORT');
  expect(proc.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  // Nothing was created: the configuration is checked before the data dir is touched.
  expect(fs.readdirSync(dataDir)).toEqual([]);
});

test('`token create` prints a secret that authenticates against a running app on the same data dir', async () => {
  const app: TestApp = await startTestApp();
  cleanups.push(() => app.stop());
  const proc = processes.start(['token', 'create', '--org', 'acme', '--user', 'bob', '--perm', 'jobs:read,jobs:write', '--name', 'ci'], {
    JOBCENTER_DATA_DIR: app.dataDir,
  });
  const exit = await proc.waitExit();
  expect(exit.code, proc.stderr).toBe(0);
  const lines = proc.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/for bob in org acme: jobs:read, jobs:write/);
  const secret = lines.at(-1)!;
  expect(secret).toMatch(/^jc_\S{20,}$/);

  const viewer = await app.data('{ viewer { orgId userId permissions } }', undefined, secret);
  expect(viewer).toEqual({ viewer: { orgId: 'acme', userId: 'bob', permissions: ['jobs:read', 'jobs:write'] } });
  const stored = (await app.app.store.tokens.list('acme')).find((t) => t.userId === 'bob');
  expect(stored).toMatchObject({ name: 'ci', permissions: ['jobs:read', 'jobs:write'] });
  expect(JSON.stringify(stored)).not.toContain(secret); // stored hashed

  // Invalid input is refused with the field named, and nothing is stored.
  const bad = processes.start(['token', 'create', '--org', 'acme', '--user', 'eve', '--perm', 'root'], { JOBCENTER_DATA_DIR: app.dataDir });
  const badExit = await bad.waitExit();
  expect(badExit.code).toBe(1);
  expect(bad.stderr).toMatch(/permissions.*unknown: root/);
  expect((await app.app.store.tokens.list('acme')).some((t) => t.userId === 'eve')).toBe(false);
});

test('`--expires-in-days` takes a whole number of days from 1 to 3650 and nothing else', () => {
  for (const bad of ['abc', '0', '-3', '1.5', '1e3', '99999', '', ' ']) {
    expect(() => expiresInDays(bad), JSON.stringify(bad)).toThrow(/expires-in-days: must be a whole number of days from 1 to 3650/);
  }
  expect(expiresInDays('30')).toBe(30);
  expect(expiresInDays('3650')).toBe(3650);
});

test('`token create --expires-in-days abc` is refused by the CLI, storing nothing; a good value stores its expiry', async () => {
  const app: TestApp = await startTestApp();
  cleanups.push(() => app.stop());
  const bad = processes.start(['token', 'create', '--org', 'exp', '--user', 'eve', '--perm', 'jobs:read', '--expires-in-days', 'abc'], {
    JOBCENTER_DATA_DIR: app.dataDir,
  });
  expect((await bad.waitExit()).code, bad.stdout).toBe(1);
  expect(bad.stderr).toMatch(/--expires-in-days: must be a whole number of days from 1 to 3650; got "abc"/);
  expect(await app.app.store.tokens.list('exp')).toEqual([]);

  const ok = processes.start(['token', 'create', '--org', 'exp', '--user', 'ann', '--perm', 'jobs:read', '--expires-in-days', '30'], {
    JOBCENTER_DATA_DIR: app.dataDir,
  });
  expect((await ok.waitExit()).code, ok.stderr).toBe(0);
  const [stored] = await app.app.store.tokens.list('exp');
  expect(stored!.expiresAt! - Date.now()).toBeGreaterThan(29 * 86_400_000);
  expect(stored!.expiresAt! - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
}, 60_000);

test('quotas: documented defaults, each settable, and a bad value names its variable', () => {
  expect(loadConfig({}).quotas).toEqual({
    maxSchedulesPerOrg: 1000,
    maxSubMinuteSchedulesPerOrg: 10,
    maxQueuedJobsPerOrg: 100_000,
    tokenEnqueuePerSecond: 200,
    tokenEnqueueBurst: 2000,
    maxSearchesPerOrg: 4,
  });
  const config = loadConfig({
    JOBCENTER_ORG_MAX_SCHEDULES: '5',
    JOBCENTER_ORG_MAX_SUBMINUTE_SCHEDULES: '0',
    JOBCENTER_ORG_MAX_QUEUED_JOBS: '50',
    JOBCENTER_TOKEN_ENQUEUE_RATE: '0',
    JOBCENTER_TOKEN_ENQUEUE_BURST: '7',
    JOBCENTER_ORG_MAX_SEARCHES: '1',
  });
  expect(config.quotas).toEqual({
    maxSchedulesPerOrg: 5,
    maxSubMinuteSchedulesPerOrg: 0,
    maxQueuedJobsPerOrg: 50,
    tokenEnqueuePerSecond: 0,
    tokenEnqueueBurst: 7,
    maxSearchesPerOrg: 1,
  });
  expect(() => loadConfig({ JOBCENTER_ORG_MAX_QUEUED_JOBS: '0' })).toThrow(/JOBCENTER_ORG_MAX_QUEUED_JOBS/);
  expect(() => loadConfig({ JOBCENTER_ORG_MAX_SEARCHES: '0' })).toThrow(/JOBCENTER_ORG_MAX_SEARCHES/);
});

test('allowed origins and live-connection caps: defaults, parsing, and errors naming the variable', () => {
  expect(loadConfig({})).toMatchObject({
    allowedOrigins: [],
    live: { maxSubscriptionsPerSocket: 50, maxSocketsPerToken: 10, maxSocketsPerOrg: 100, tokenRecheckMs: 5000 },
  });
  const listed = loadConfig({ JOBCENTER_ALLOWED_ORIGINS: ' https://console.example.com/ , http://localhost:5173' });
  expect(listed.allowedOrigins).toEqual(['https://console.example.com', 'http://localhost:5173']);
  for (const bad of ['console.example.com', 'https://console.example.com/app', 'ftp://x.example', '*']) {
    expect(configError({ JOBCENTER_ALLOWED_ORIGINS: bad }).message).toMatch(/JOBCENTER_ALLOWED_ORIGINS: .* is not an origin/);
  }
  expect(configError({ JOBCENTER_MAX_SOCKETS_PER_TOKEN: '0' }).message).toMatch(/JOBCENTER_MAX_SOCKETS_PER_TOKEN/);
});
