/**
 * Writes graphql-ws `next` messages for one subscription straight to its socket, around a payload
 * that is already serialised and encoded: subscribers of the same operation share one UTF-8 buffer
 * per event (./shared-execution.ts), and only the frame around it is per client. Node 20 has no
 * JSON.rawJSON, so the message is framed by hand; it is exactly what graphql-ws would send:
 * `{"id":<id>,"type":"next","payload":<result>}`, as one WebSocket text frame.
 *
 * Writes are batched in short windows: a socket's frames wait as (message head, shared payload)
 * pairs, nothing allocated or copied per frame, and at the next round (the next turn after a quiet
 * spell, else `FLUSH_MS` after the last round started), every waiting
 * socket gets its frames built in one buffer and written in one call: one system call per socket and
 * window instead of one per socket and event (that write is most of a busy fan-out's CPU: on loopback
 * it also wakes the reader). Sockets are flushed in slices of `FLUSH_SLICE_MS` with a turn of the
 * event loop between them, so requests (an enqueue) are served while a large fan-out is flushed.
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
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';

/** Buffered bytes on a socket past which writes wait for the socket to flush. */
export const DEFAULT_HIGH_WATER_BYTES = 64 * 1024;
/**
 * The shortest time between the starts of two rounds: while changes keep coming, a socket's frames
 * of one window leave together (one system call per socket per window). The first change after a
 * quiet window is not held.
 */
export const FLUSH_MS = 10;
/**
 * How long one turn of the event loop may spend flushing sockets before it yields: a slice of time
 * rather than a number of sockets, so a turn stays short on a slow or busy machine too.
 */
const FLUSH_SLICE_MS = 4;
/** The longest pause between two rounds, however long the last one took. */
const MAX_ROUND_GAP_MS = 10;

export interface NextWriter {
  /** Sends a `next` message with this payload (UTF-8 JSON); resolves at once unless the socket is behind. */
  next(payload: Buffer): Promise<void> | undefined;
  /** Writes the frames still waiting now (before graphql-ws writes its own message). */
  flush(): void;
}

/** What the writers did since the process started: frames per write shows the batching. */
export const writerCounts = { frames: 0, writes: 0, bytes: 0 };

/** `}`, the end of every message. */
const CLOSE_BRACE = 0x7d;

/** The length of an unmasked frame's header for a payload of `length` bytes. */
function headerLength(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/**
 * One socket's frames waiting for the end of the window, as pairs (message head, shared payload):
 * nothing is allocated per frame; the frames are built in one buffer when the socket is flushed.
 */
class Outbox {
  parts: Buffer[] = [];
  bytes = 0;
  /** Whether it is among the outboxes waiting for the end of the window. */
  queued = false;
  /** Writes that wait for the socket to take them (it was behind). */
  waiters: (() => void)[] = [];

  constructor(
    readonly socket: WebSocket,
    readonly raw: Socket,
  ) {}

  add(head: Buffer, payload: Buffer): void {
    const length = head.length + payload.length + 1;
    this.parts.push(head, payload);
    this.bytes += headerLength(length) + length;
  }

  /** Writes what waits, in one call; drops it when the socket is closing. */
  flush(): void {
    const { parts, bytes, waiters } = this;
    if (parts.length === 0) return;
    this.parts = [];
    this.bytes = 0;
    this.waiters = [];
    this.queued = false;
    waiting.delete(this);
    const done = () => {
      for (const resolve of waiters) resolve();
    };
    if (this.socket.readyState !== this.socket.OPEN || this.raw.destroyed) return done();
    const out = Buffer.allocUnsafe(bytes);
    let at = 0;
    for (let i = 0; i < parts.length; i += 2) {
      const head = parts[i]!;
      const payload = parts[i + 1]!;
      const length = head.length + payload.length + 1;
      // An unmasked text frame, FIN set (RFC 6455 5.2).
      out[at++] = 0x81;
      if (length < 126) out[at++] = length;
      else if (length < 65_536) {
        out[at++] = 126;
        out.writeUInt16BE(length, at);
        at += 2;
      } else {
        out[at++] = 127;
        out.writeUInt32BE(Math.floor(length / 2 ** 32), at);
        out.writeUInt32BE(length >>> 0, at + 4);
        at += 8;
      }
      out.set(head, at);
      at += head.length;
      out.set(payload, at);
      at += payload.length;
      out[at++] = CLOSE_BRACE;
    }
    writerCounts.frames += parts.length / 2;
    writerCounts.writes++;
    writerCounts.bytes += bytes;
    this.raw.write(out, waiters.length ? done : undefined);
  }
}

const outboxes = new WeakMap<WebSocket, Outbox>();
/** Outboxes that have frames for the next round. */
let waiting = new Set<Outbox>();
/** The round being flushed (the outboxes that were waiting when it started), and where it stands. */
let round: Iterator<Outbox> | undefined;
/** When the latest round started (-Infinity: none yet). */
let roundStarted = -Infinity;
/** The time this round has spent writing (its slices, not the turns between them). */
let roundSpent = 0;
let flushing = false;

/**
 * A round flushes every outbox that was waiting when it started, a slice at a time; frames that come
 * meanwhile for an outbox already flushed wait for the next round. So each socket is written at most
 * once per round, and when the process is busy rounds take longer and each write carries more.
 */
function flushRound(): void {
  if (!round) {
    round = waiting.values();
    waiting = new Set();
    roundStarted = performance.now();
    roundSpent = 0;
  }
  const sliceStarted = performance.now();
  const until = sliceStarted + FLUSH_SLICE_MS;
  for (let next = round.next(); !next.done; next = round.next()) {
    next.value.flush();
    if (performance.now() >= until) {
      roundSpent += performance.now() - sliceStarted;
      return void setImmediate(flushRound);
    }
  }
  roundSpent += performance.now() - sliceStarted;
  round = undefined;
  if (waiting.size === 0) {
    flushing = false;
    return;
  }
  // The next round starts a window after this one started, and no sooner than this one spent writing
  // (up to MAX_ROUND_GAP_MS): writes are most of a fan-out's cost (on loopback each also wakes its
  // reader), so when they are slow the rounds space out, each write carries more frames, and writing
  // takes at most about half of the process's time.
  const now = performance.now();
  setTimeout(flushRound, Math.max(roundStarted + FLUSH_MS - now, Math.min(roundSpent, MAX_ROUND_GAP_MS)));
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
  // Found on the first event (the socket is open by then); null: ws writes (an extension is on).
  let outbox: Outbox | null | undefined;
  return {
    next(payload) {
      // A closed socket ends the subscription through graphql-ws's close handling.
      if (socket.readyState !== socket.OPEN) return undefined;
      if (outbox === undefined) outbox = outboxOf(socket) ?? null;
      if (outbox === null) {
        const message = headText + payload.toString('utf8') + '}';
        if (socket.bufferedAmount < highWaterBytes) return void socket.send(message);
        return new Promise((resolve) => socket.send(message, () => resolve()));
      }
      const box = outbox;
      box.add(head, payload);
      if (!box.queued) {
        box.queued = true;
        waiting.add(box);
        if (!flushing) {
          flushing = true;
          // A window after the last round started: when that is past (the first change after a
          // quiet spell), the round starts next turn, once this turn's hand-off is done, instead of
          // holding a lone change for a whole window.
          const wait = roundStarted + FLUSH_MS - performance.now();
          if (wait > 0) setTimeout(flushRound, wait);
          else setImmediate(flushRound);
        }
      }
      if (box.bytes + box.raw.writableLength < highWaterBytes) return undefined;
      return new Promise((resolve) => box.waiters.push(resolve));
    },
    flush() {
      outboxes.get(socket)?.flush();
    },
  };
}
