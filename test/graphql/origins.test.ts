/**
 * Browser-facing hardening over real HTTP and WebSocket: CORS answers the server's own origin and
 * JOBCENTER_ALLOWED_ORIGINS only (a foreign preflight is refused, with no CORS headers); a WebSocket
 * upgrade from a foreign Origin is refused while same-origin and Origin-less clients connect; an
 * oversized WebSocket message is logged as one JSON line (no stack trace on stderr); GraphiQL's page
 * loads nothing from another host and carries the console's security headers.
 */
import { afterEach, expect, test, vi } from 'vitest';
import { pino } from 'pino';
import WebSocket from 'ws';
import { useTestApp } from './helpers.js';

const ALLOWED = 'http://console.example.test';
const lines: string[] = [];
const api = useTestApp({
  env: { JOBCENTER_ALLOWED_ORIGINS: ALLOWED, JOBCENTER_MAX_REQUEST_BYTES: '2048' },
  logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
});

afterEach(() => vi.restoreAllMocks());

const preflight = (origin: string) =>
  fetch(api().url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
  });

test('CORS: a foreign origin is refused; the own origin and listed origins are allowed', async () => {
  const foreign = await preflight('http://evil.example.test');
  expect(foreign.status).toBe(403);
  expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  expect(foreign.headers.get('access-control-allow-credentials')).toBeNull();
  const body = await foreign.json();
  expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
  expect(body.errors[0].message).toMatch(/JOBCENTER_ALLOWED_ORIGINS/);

  // A simple cross-origin POST is refused too, not only its preflight.
  const post = await fetch(api().url, {
    method: 'POST',
    headers: { origin: 'http://evil.example.test', 'content-type': 'application/json', authorization: `Bearer ${api().adminToken}` },
    body: JSON.stringify({ query: '{ viewer { orgId } }' }),
  });
  expect(post.status).toBe(403);

  for (const origin of [api().origin, ALLOWED]) {
    const allowed = await preflight(origin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
  }
  // A client that sends no Origin (curl, SDKs) is not a browser and is served.
  expect((await api().data('{ viewer { orgId } }')).viewer.orgId).toBe('default');
});

/** Opens a graphql-ws socket with the given Origin header; resolves with the upgrade's outcome. */
function upgrade(origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(api().wsUrl, 'graphql-transport-ws', origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

test('WebSocket: a foreign Origin is refused at the upgrade; same-origin and Origin-less clients connect', async () => {
  expect(await upgrade('http://evil.example.test')).toBe(403);
  expect(await upgrade(api().origin)).toBe(101);
  expect(await upgrade(ALLOWED)).toBe(101);
  expect(await upgrade(undefined)).toBe(101);
});

test('an oversized WebSocket message is logged as one JSON line, with no stack trace on stderr', async () => {
  const stderr = vi.spyOn(console, 'error');
  const socket = new WebSocket(api().wsUrl, 'graphql-transport-ws');
  await new Promise((resolve) => socket.once('open', resolve));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(10_000) } }));
  expect(await closed).toBe(1009);
  const logged = lines.filter((l) => l.includes('WebSocket closed'));
  expect(logged).toHaveLength(1);
  expect(logged[0]!.trim().split('\n')).toHaveLength(1);
  expect(JSON.parse(logged[0]!)).toMatchObject({ level: 40, code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' });
  expect(stderr).not.toHaveBeenCalled();
});

test("GraphiQL's page references no external host and carries the security headers", async () => {
  const response = await fetch(api().url, { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/html/);
  expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  const html = await response.text();
  expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
  expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script: the CSP forbids it
});
