/**
 * The client side of the fan-out bench, run as its own process (so client CPU is not the server's):
 * says 'ready' once loaded, then on its start message opens `count` graphql-ws sockets with one subscription each, records for every event the delay from
 * its `at` to its receipt, and which jobs' terminal STATUS each client saw. The parent sends
 * 'report' when the scenario is over; this answers with its figures and exits. Close codes and
 * errors are counted and reported too, and a crash is sent to the parent before the process exits,
 * so the parent can say why instead of waiting.
 *
 * Two clients: graphql-ws's own (the default), and 'lean' (BENCH_FANOUT_CLIENT=lean): the same
 * protocol straight over TCP, which reads the WebSocket frames of each chunk the socket hands it in
 * place, and only the four fields it counts from each `next` message (over ws, reading each message
 * cost as much as graphql-ws's client: ~7 µs per event, as much CPU as the server's). On a machine
 * with few cores the clients compete with the server for them; the lean client shows what the
 * server delivers when the clients cost less.
 */
import { createClient, type Client } from 'graphql-ws';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';

interface Start {
  url: string;
  token: string;
  count: number;
  query: string;
  variables?: Record<string, unknown>;
  /** 'graphql-ws': the library's client; 'lean': the same protocol over ws, each event read lazily. */
  client: 'graphql-ws' | 'lean';
}

interface Event {
  kind: string;
  jobId: string;
  at: string;
  job?: { status: string } | null;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const NEXT = Buffer.from('"type":"next"');

/** The string value that follows `prefix` in the message at data[from, to) (the fields read here hold no escapes). */
function field(data: Buffer, prefix: string, from: number, to: number): string | undefined {
  const start = data.indexOf(prefix, from);
  if (start < 0 || start >= to) return undefined;
  const value = start + prefix.length;
  return data.toString('latin1', value, data.indexOf(0x22, value));
}

/** A client frame (masked, as RFC 6455 5.3 requires of clients; with a zero key the payload is unchanged). */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? 2 : 4;
  const out = Buffer.alloc(head + 4 + length);
  out[0] = 0x80 | opcode;
  if (length < 126) out[1] = 0x80 | length;
  else {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(length, 2);
  }
  payload.copy(out, head + 4);
  return out;
}
const IN_FLIGHT = 50;

function crash(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (process.send) process.send({ crashed: message }, () => process.exit(1));
  else process.exit(1);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

process.once('message', (start: Start) => {
  const cpu0 = process.cpuUsage();
  const clients: Pick<Client, 'dispose'>[] = [];
  const delays: number[] = [];
  const events: number[] = [];
  const terminal: Set<string>[] = [];
  const closeCodes: Record<string, number> = {};
  const errorMessages: Record<string, number> = {};
  let errors = 0;
  let closed = 0;
  let reporting = false;
  // Sockets open in waves of IN_FLIGHT connection handshakes per process, as a crowd reconnecting
  // would; thousands of handshakes at once would only measure graphql-ws's 3 s init timeout.
  let opened = 0;
  let inFlight = 0;
  const openMore = () => {
    while (inFlight < IN_FLIGHT && opened < start.count) open(opened++);
  };
  const settled = (once: { done: boolean }) => {
    if (once.done) return;
    once.done = true;
    inFlight--;
    openMore();
  };
  const received = (i: number, now: number, event: Event) => {
    events[i]!++;
    delays.push(now - Date.parse(event.at));
    if (event.kind === 'STATUS' && event.job && TERMINAL.has(event.job.status)) terminal[i]!.add(event.jobId);
  };
  const closedWith = (code: number | undefined, reason: string | undefined) => {
    if (reporting) return;
    closed++;
    const key = `${code ?? '?'} ${reason ?? ''}`.trim();
    closeCodes[key] = (closeCodes[key] ?? 0) + 1;
  };
  const failed = (text: string) => {
    if (reporting) return;
    errors++;
    errorMessages[text] = (errorMessages[text] ?? 0) + 1;
  };
  const openLean = (i: number) => {
    inFlight++;
    const handshake = { done: false };
    events.push(0);
    terminal.push(new Set());
    const url = new URL(start.url);
    const socket = net.connect(Number(url.port), url.hostname);
    socket.setNoDelay(true);
    clients.push({ dispose: () => void socket.destroy() });
    let upgraded = false;
    let closeFrame: { code?: number; reason?: string } | undefined;
    let rest: Buffer | undefined;
    socket.on('connect', () =>
      socket.write(
        `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
      ),
    );
    const send = (text: string) => socket.write(frame(0x1, Buffer.from(text)));
    const onText = (data: Buffer, from: number, to: number, now: number) => {
      // A `next` message is read for its four fields only; every other message is parsed whole.
      const next = data.indexOf(NEXT, from);
      if (next >= 0 && next < to) {
        const status = field(data, '"status":"', from, to);
        received(i, now, { kind: field(data, '"kind":"', from, to)!, jobId: field(data, '"jobId":"', from, to)!, at: field(data, '"at":"', from, to)!, job: status ? { status } : null });
        return;
      }
      const message = JSON.parse(data.toString('utf8', from, to)) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') {
        settled(handshake);
        send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: start.query, variables: start.variables } }));
      } else if (message.type === 'ping') send('{"type":"pong"}');
      else if (message.type === 'error') failed(JSON.stringify(message.payload).slice(0, 200));
    };
    socket.on('data', (chunk: Buffer) => {
      const now = Date.now();
      let data = rest ? Buffer.concat([rest, chunk]) : chunk;
      rest = undefined;
      let at = 0;
      if (!upgraded) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) return void (rest = data);
        if (!data.toString('latin1', 0, 12).startsWith('HTTP/1.1 101')) {
          failed(data.toString('latin1', 0, Math.min(end, 200)));
          return void socket.destroy();
        }
        upgraded = true;
        at = end + 4;
        send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${start.token}` } }));
      }
      // Frames from the server: unmasked, never fragmented (RFC 6455 5.2).
      while (data.length - at >= 2) {
        const opcode = data[at]! & 0x0f;
        let length = data[at + 1]! & 0x7f;
        let head = 2;
        if (length === 126) {
          if (data.length - at < 4) break;
          length = data.readUInt16BE(at + 2);
          head = 4;
        } else if (length === 127) {
          if (data.length - at < 10) break;
          length = data.readUInt32BE(at + 2) * 2 ** 32 + data.readUInt32BE(at + 6);
          head = 10;
        }
        if (data.length - at < head + length) break;
        const from = at + head;
        const to = from + length;
        if (opcode === 0x1) onText(data, from, to, now);
        else if (opcode === 0x9) socket.write(frame(0xa, data.subarray(from, to)));
        else if (opcode === 0x8) {
          closeFrame = length >= 2 ? { code: data.readUInt16BE(from), reason: data.toString('utf8', from + 2, to) } : {};
          socket.end(frame(0x8, data.subarray(from, to)));
        }
        at = to;
      }
      if (at < data.length) rest = Buffer.from(data.subarray(at));
    });
    socket.on('error', (error) => failed(error.message));
    socket.on('close', () => {
      settled(handshake);
      closedWith(closeFrame?.code ?? 1006, closeFrame?.reason);
    });
  };
  const open = (i: number) => {
    if (start.client === 'lean') return openLean(i);
    inFlight++;
    const handshake = { done: false };
    const client = createClient({
      url: start.url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${start.token}` },
      on: {
        connected: () => settled(handshake),
        closed: (event) => {
          settled(handshake);
          const { code, reason } = event as { code?: number; reason?: string };
          closedWith(code, reason);
        },
      },
    });
    clients.push(client);
    events.push(0);
    terminal.push(new Set());
    client.subscribe<Record<string, Event>>(
      { query: start.query, variables: start.variables },
      {
        next: (result) => {
          const now = Date.now();
          const event = result.data && Object.values(result.data)[0];
          if (event) received(i, now, event);
        },
        error: (error) => failed(error instanceof Error ? error.message : Array.isArray(error) ? JSON.stringify(error).slice(0, 200) : 'socket closed'),
        complete: () => undefined,
      },
    );
  };
  openMore();
  process.on('message', (message: string) => {
    if (message !== 'report') return;
    reporting = true;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const report = { delays, events, terminal: terminal.map((set) => [...set]), errors, closed, closeCodes, errorMessages, cpuMs };
    process.send!(report, () => {
      for (const client of clients) void client.dispose();
      setTimeout(() => process.exit(0), 200).unref();
    });
  });
  process.send!('started');
});

process.send!('ready');
