/**
 * Writes graphql-ws `next` messages for one subscription straight to its socket, around a payload
 * that is already serialised and encoded: subscribers of the same operation share one UTF-8 buffer
 * per event (./shared-execution.ts), and only the frame around it is per client. Node 20 has no
 * JSON.rawJSON, so the message is framed by hand; it is exactly what graphql-ws would send:
 * `{"id":<id>,"type":"next","payload":<result>}`, as one WebSocket text frame.
 *
 * Writes are batched in short windows: a socket's frames wait in a list (the shared payload buffer
 * is referenced, not copied) and `FLUSH_MS` after the first one, every waiting socket gets its
 * frames in one write: one system call per socket and window instead of one per socket and event
 * (that write call was most of a busy fan-out's CPU), and no per-socket string encoding. Sockets are
 * flushed in chunks with a turn of the event loop between them, so requests (an enqueue) are served
 * while a large fan-out is flushed.
 *
 * The frames go to the TCP socket beside ws's own writer, which is safe because ws writes each
 * frame at once when no extension (permessage-deflate, off on this server) is in use; with one, this
 * falls back to ws's `send`. Frames still waiting when the socket starts closing are dropped (the
 * client is going); `flush` writes a subscription's waiting frames before graphql-ws sends its
 * `complete` or `error`, so those never overtake them.
 *
 * Backpressure: while the socket's buffered bytes are below `highWaterBytes` a write does not wait;
 * past it, the write waits until the socket has taken that frame. Meanwhile the subscription's
 * bounded queue (schema/live-queue.ts) takes the events: progress is conflated, and a client that
 * stays behind is closed (4008), so one slow socket holds neither memory nor other clients.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Buffered bytes on a socket past which writes wait for the socket to flush. */
export const DEFAULT_HIGH_WATER_BYTES = 64 * 1024;
/** How long a socket's frames are held to leave together: one system call per socket per window. */
export const FLUSH_MS = 10;
/** Sockets flushed per turn of the event loop. */
const FLUSH_CHUNK = 100;

export interface NextWriter {
  /** Sends a `next` message with this payload (UTF-8 JSON); resolves at once unless the socket is behind. */
  next(payload: Buffer): Promise<void> | undefined;
  /** Writes the frames still waiting now (before graphql-ws writes its own message). */
  flush(): void;
}

const TAIL = Buffer.from('}');

/** The header of an unmasked WebSocket text frame (FIN, opcode 1) of `length` bytes. */
function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 65_536) {
    const header = Buffer.allocUnsafe(4);
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.allocUnsafe(10);
  header[0] = 0x81;
  header[1] = 127;
  header.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
  header.writeUInt32BE(length >>> 0, 6);
  return header;
}

/** One socket's frames waiting for the end of the window. */
class Outbox {
  chunks: Buffer[] = [];
  bytes = 0;
  /** Writes that wait for the socket to take them (it was behind). */
  waiters: (() => void)[] = [];

  constructor(
    readonly socket: WebSocket,
    readonly raw: Socket,
  ) {}

  /** Writes what waits, in one call; drops it when the socket is closing. */
  flush(): void {
    const { chunks, bytes, waiters } = this;
    if (chunks.length === 0) return;
    this.chunks = [];
    this.bytes = 0;
    this.waiters = [];
    waiting.delete(this);
    const done = () => {
      for (const resolve of waiters) resolve();
    };
    if (this.socket.readyState !== this.socket.OPEN || this.raw.destroyed) return done();
    this.raw.write(Buffer.concat(chunks, bytes), waiters.length ? done : undefined);
  }
}

const outboxes = new WeakMap<WebSocket, Outbox>();
/** Outboxes with frames waiting in this window, flushed together when it ends. */
const waiting = new Set<Outbox>();
let flushing = false;

function flushWaiting(): void {
  let n = 0;
  for (const outbox of waiting) {
    outbox.flush();
    if (++n === FLUSH_CHUNK) break;
  }
  if (waiting.size > 0) setImmediate(flushWaiting);
  else flushing = false;
}

function outboxOf(socket: WebSocket): Outbox | undefined {
  let outbox = outboxes.get(socket);
  if (outbox) return outbox;
  // ws keeps its TCP socket in `_socket`; without one, or with an extension, ws writes instead.
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  if (!raw || socket.extensions !== '') return undefined;
  outbox = new Outbox(socket, raw);
  outboxes.set(socket, outbox);
  return outbox;
}

export function createNextWriter(socket: WebSocket, id: string, highWaterBytes = DEFAULT_HIGH_WATER_BYTES): NextWriter {
  const headText = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  const head = Buffer.from(headText);
  return {
    next(payload) {
      // A closed socket ends the subscription through graphql-ws's close handling.
      if (socket.readyState !== socket.OPEN) return undefined;
      const outbox = outboxOf(socket);
      if (!outbox) {
        const message = headText + payload.toString('utf8') + '}';
        if (socket.bufferedAmount < highWaterBytes) return void socket.send(message);
        return new Promise((resolve) => socket.send(message, () => resolve()));
      }
      const length = head.length + payload.length + TAIL.length;
      const header = textFrameHeader(length);
      outbox.chunks.push(header, head, payload, TAIL);
      outbox.bytes += header.length + length;
      if (!waiting.has(outbox)) {
        waiting.add(outbox);
        if (!flushing) {
          flushing = true;
          setTimeout(flushWaiting, FLUSH_MS);
        }
      }
      if (outbox.bytes + outbox.raw.writableLength < highWaterBytes) return undefined;
      return new Promise((resolve) => outbox.waiters.push(resolve));
    },
    flush() {
      outboxes.get(socket)?.flush();
    },
  };
}
