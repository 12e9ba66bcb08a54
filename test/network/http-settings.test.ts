/**
 * Outbound HTTP settings: read from the environment by the config (a bad allow- or deny-list entry
 * stops start-up naming the variable and the entry), handed to tasks frozen as `ctx.settings`, and
 * given to plugin authors' tests by the test kit.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestkit } from '../../src/testkit/index.js';
import { definePlugin, defineTask, z } from '../../src/tasks/plugin-api.js';
import httpRequestPlugin from '../../plugins/http-request/index.js';

test('defaults: nothing allowed or denied beyond the built-in list, 1 MiB, 30 s', () => {
  expect(loadConfig({}).tasks).toEqual({ http: { allow: [], deny: [], maxResponseBytes: 1024 * 1024, timeoutMs: 30_000 } });
});

test('the lists are comma-separated entries; the caps are numbers; all frozen', () => {
  const config = loadConfig({
    JOBCENTER_HTTP_ALLOW: ' 127.0.0.1:8080, 10.0.0.0/8 ,internal.example,,[::1]:9000',
    JOBCENTER_HTTP_DENY: 'tracker.example',
    JOBCENTER_HTTP_MAX_RESPONSE_BYTES: '4096',
    JOBCENTER_HTTP_TIMEOUT_MS: '5000',
  });
  expect(config.tasks.http).toEqual({
    allow: ['127.0.0.1:8080', '10.0.0.0/8', 'internal.example', '[::1]:9000'],
    deny: ['tracker.example'],
    maxResponseBytes: 4096,
    timeoutMs: 5000,
  });
  expect(Object.isFrozen(config.tasks.http)).toBe(true);
  expect(Object.isFrozen(config.tasks.http.allow)).toBe(true);
});

test.each([
  [{ JOBCENTER_HTTP_ALLOW: '127.0.0.1, 10.0.0.0/40' }, 'JOBCENTER_HTTP_ALLOW: "10.0.0.0/40": the prefix length must be 0-32'],
  [{ JOBCENTER_HTTP_DENY: 'bad host' }, 'JOBCENTER_HTTP_DENY: "bad host": not an address, a network or a host name'],
  [{ JOBCENTER_HTTP_MAX_RESPONSE_BYTES: '0' }, 'JOBCENTER_HTTP_MAX_RESPONSE_BYTES'],
  [{ JOBCENTER_HTTP_TIMEOUT_MS: 'soon' }, 'JOBCENTER_HTTP_TIMEOUT_MS'],
])('%j stops start-up: %s', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

const server = http.createServer((_req, res) => res.end('from loopback'));
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

test('a task reads ctx.settings; the test kit refuses loopback by default and takes an allow-list', async () => {
  const seen = definePlugin({
    name: 'settings-probe',
    version: '0.0.1',
    tasks: [defineTask({ type: 'settings-probe', input: z.object({}), run: (ctx) => ({ http: ctx.settings.http, frozen: Object.isFrozen(ctx.settings.http) }) })],
  });
  const strict = await createTestkit([httpRequestPlugin, seen]);
  try {
    const probe = await strict.run('settings-probe', {});
    expect(probe.result).toEqual({ http: { allow: [], deny: [], maxResponseBytes: 1024 * 1024, timeoutMs: 30_000 }, frozen: true });
    const refused = await strict.run('http-request', { url }, { maxAttempts: 1 });
    expect(refused).toMatchObject({ status: 'FAILED', errors: [{ code: 'ADDRESS_BLOCKED' }] });
  } finally {
    await strict.close();
  }
  const allowing = await createTestkit([httpRequestPlugin], { http: { allow: ['127.0.0.1'], maxResponseBytes: 4 } });
  try {
    const job = await allowing.run('http-request', { url }, { maxAttempts: 1 });
    expect(job).toMatchObject({ status: 'SUCCEEDED', result: { body: 'from', truncated: true, bytesRead: 4 } });
  } finally {
    await allowing.close();
  }
});
