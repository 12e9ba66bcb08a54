/**
 * The frames the server writes itself (src/server/next-writer.ts), read by a real WebSocket client
 * over loopback: every size of length field, several subscriptions on one socket, frames of one
 * round leaving in one write, and the waiting frames going out before a message of graphql-ws's own.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createNextWriter, writerCounts } from '../../src/server/next-writer.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A server socket and the client reading it, with every message the client receives. */
async function pair(): Promise<{ server: WebSocket; received: string[]; until: (n: number) => Promise<string[]> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const accepted = once(wss, 'connection');
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const received: string[] = [];
  const waiters: (() => void)[] = [];
  client.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false);
    received.push(data.toString());
    for (const wake of waiters.splice(0)) wake();
  });
  const [server] = (await accepted) as [WebSocket];
  await once(client, 'open');
  closers.push(async () => {
    client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });
  const until = async (n: number) => {
    while (received.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    return received;
  };
  return { server, received, until };
}

const payloadOf = (size: number, tag: string) => Buffer.from(JSON.stringify({ data: { tag, fill: 'é'.repeat(Math.max(0, Math.floor((size - 30) / 2))) } }));

test('frames of every length field reach a real client as the messages graphql-ws would send, in order', async () => {
  const { server, until } = await pair();
  expect(server.extensions).toBe('');
  const a = createNextWriter(server, 'sub-a');
  const b = createNextWriter(server, 'sub-b');
  // 7-bit, 16-bit and 64-bit payload lengths (RFC 6455 5.2), multi-byte UTF-8, two subscriptions.
  const sent = [
    [a, payloadOf(20, 'small')],
    [b, payloadOf(300, 'medium')],
    [a, payloadOf(70_000, 'large')],
    [b, payloadOf(20, 'small-b')],
  ] as const;
  for (const [writer, payload] of sent) writer.next(payload);
  const got = await until(sent.length);
  expect(got.map((text) => JSON.parse(text))).toEqual(
    sent.map(([writer, payload]) => ({ id: writer === a ? 'sub-a' : 'sub-b', type: 'next', payload: JSON.parse(payload.toString()) })),
  );
});

test("a socket's frames of one round leave in one write; later ones in the next round", async () => {
  const { server, until } = await pair();
  const writer = createNextWriter(server, '1');
  const before = { ...writerCounts };
  for (let i = 0; i < 5; i++) writer.next(Buffer.from(`{"data":{"n":${i}}}`));
  await until(5);
  expect(writerCounts.frames - before.frames).toBe(5);
  expect(writerCounts.writes - before.writes).toBe(1);
  writer.next(Buffer.from('{"data":{"n":5}}'));
  const got = await until(6);
  expect(writerCounts.writes - before.writes).toBe(2);
  expect(got.map((text) => JSON.parse(text).payload.data.n)).toEqual([0, 1, 2, 3, 4, 5]);
});

test("flush sends the waiting frames at once, so a message of graphql-ws's own written next comes after them", async () => {
  const { server, until } = await pair();
  const writer = createNextWriter(server, '1');
  writer.next(Buffer.from('{"data":{"n":1}}'));
  writer.flush();
  server.send(JSON.stringify({ id: '1', type: 'complete' }));
  const got = await until(2);
  expect(got.map((text) => JSON.parse(text).type)).toEqual(['next', 'complete']);
});
