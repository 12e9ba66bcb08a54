/** A ClientLink tells a response that finished from a client that left before it did. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { ClientLink } from '../../src/server/client-link.js';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server whose handler gets each request's link; returns its URL. */
async function serve(handler: (res: http.ServerResponse, link: ClientLink) => void): Promise<string> {
  server = http.createServer((req, res) => {
    req.resume();
    handler(res, new ClientLink(res));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

test('a response that finished: the client is not gone and no listener is called', async () => {
  let link!: ClientLink;
  let called = 0;
  const closed = new Promise<void>((resolve) => {
    void serve((res, l) => {
      link = l;
      l.onGone(() => called++);
      res.on('close', () => setImmediate(resolve));
      res.end('ok');
    }).then((url) => fetch(url).then((r) => r.text()));
  });
  await closed;
  expect(link.gone).toBe(false);
  expect(called).toBe(0);
});

test('a client that leaves before the answer: listeners are called once, a removed one is not', async () => {
  const calls: string[] = [];
  let link!: ClientLink;
  const url = await serve((_res, l) => {
    link = l;
    l.onGone(() => calls.push('kept'));
    const stop = l.onGone(() => calls.push('removed'));
    stop();
  });
  const controller = new AbortController();
  const request = fetch(url, { signal: controller.signal }).catch(() => undefined);
  while (!link) await new Promise((r) => setTimeout(r, 5));
  controller.abort();
  await request;
  while (!link.gone) await new Promise((r) => setTimeout(r, 5));
  link.cancel();
  expect(calls).toEqual(['kept']);
});
