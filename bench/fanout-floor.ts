/**
 * The floor of the fan-out bench: a bare server that speaks just enough graphql-ws for the same
 * clients (bench/fanout-clients.ts) and, for each job the enqueueing client "enqueues", broadcasts the
 * events jobcenter would for a sleep job of `ms` and `steps` (CREATED at once, STATUS RUNNING a turn
 * later, a PROGRESS every `ms / steps`, STATUS SUCCEEDED with the last one), each serialised once. No GraphQL, no store, no executor, no per-subscriber
 * checks: what is left is the socket writes and the clients' reading, so its figures are what any
 * Node process can do on this machine with these clients, measured in the same sitting as jobcenter's.
 *
 * Two writers: 'batched' is jobcenter's own (src/server/next-writer.ts: one write per socket per
 * round), 'send' is ws's `send` per client per event (one write each).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createNextWriter, type NextWriter } from '../src/server/next-writer.js';
import type { Target } from './fanout-harness.js';

export type FloorWriter = 'batched' | 'send';

export interface Floor extends Target {
  close(): Promise<void>;
}

interface Subscriber {
  socket: WebSocket;
  id: string;
  writer: NextWriter;
}

const TOKEN = 'bench-floor-token';

export async function startFloor(writer: FloorWriter): Promise<Floor> {
  const subscribers = new Map<string, Subscriber>();
  let jobs = 0;
  const broadcast = (jobId: string, kind: string, status: string) => {
    const event = { kind, jobId, at: new Date().toISOString(), job: { status } };
    const payload = Buffer.from(JSON.stringify({ data: { jobEvents: event } }));
    for (const subscriber of subscribers.values()) {
      if (writer === 'batched') void subscriber.writer.next(payload);
      else subscriber.socket.send(`{"id":${JSON.stringify(subscriber.id)},"type":"next","payload":${payload.toString('utf8')}}`);
    }
  };
  const server = http.createServer((request, response) => {
    // Every POST is an enqueue of a sleep job: its `ms` and `steps` pace the events as the task would.
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { variables?: { input?: { payload?: { ms?: number; steps?: number } } } };
      const { ms = 100, steps = 1 } = body.variables?.input?.payload ?? {};
      const jobId = `floor-${++jobs}`;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { enqueueJob: { id: jobId } } }));
      broadcast(jobId, 'CREATED', 'QUEUED');
      setImmediate(() => broadcast(jobId, 'STATUS', 'RUNNING'));
      for (let step = 1; step <= steps; step++) {
        setTimeout(() => {
          broadcast(jobId, 'PROGRESS', 'RUNNING');
          if (step === steps) broadcast(jobId, 'STATUS', 'SUCCEEDED');
        }, (ms * step) / steps);
      }
    });
  });
  const wss = new WebSocketServer({ server, path: '/graphql', handleProtocols: () => 'graphql-transport-ws' });
  let sockets = 0;
  wss.on('connection', (socket) => {
    const key = String(++sockets);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string };
      if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'subscribe' && message.id) subscribers.set(key, { socket, id: message.id, writer: createNextWriter(socket, message.id) });
      else if (message.type === 'complete') subscribers.delete(key);
    });
    socket.on('close', () => subscribers.delete(key));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    token: TOKEN,
    subscribers: () => subscribers.size,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
