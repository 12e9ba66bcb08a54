/**
 * Writes graphql-ws `next` messages for one subscription straight to its socket, around a payload
 * that is already serialised: subscribers of the same operation share one JSON string per event
 * (./shared-execution.ts), and only this frame is built per client. Node 20 has no JSON.rawJSON, so
 * the message is framed by hand; it is exactly what graphql-ws would send:
 * `{"id":<id>,"type":"next","payload":<result>}`.
 *
 * Writes are batched per turn of the event loop: the first write to a socket in a turn corks its
 * TCP socket and one setImmediate uncorks every socket written to, so the frames a socket gets in
 * one turn leave in one system call (the write call, not serialisation, was most of a busy
 * fan-out's CPU).
 *
 * Backpressure: while the socket's buffer is below `highWaterBytes` a write does not wait; past it,
 * the write waits until the socket has flushed that message. Meanwhile the subscription's bounded
 * queue (schema/live-queue.ts) takes the events: progress is conflated, and a client that stays
 * behind is closed (4008), so one slow socket holds neither memory nor other clients.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Buffered bytes on a socket past which writes wait for the socket to flush. */
export const DEFAULT_HIGH_WATER_BYTES = 64 * 1024;

export interface NextWriter {
  /** Sends a `next` message with this payload; resolves at once unless the socket is behind. */
  next(payloadJson: string): Promise<void> | undefined;
}

/** TCP sockets corked in this turn, uncorked together by one setImmediate. */
const corked = new Set<Socket>();

function uncorkAll(): void {
  for (const raw of corked) raw.uncork();
  corked.clear();
}

/** Holds a socket's writes until the end of this turn. */
function corkForThisTurn(socket: WebSocket): void {
  // ws keeps its TCP socket in `_socket`; without one (another implementation), writes go at once.
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  if (!raw || corked.has(raw) || raw.destroyed) return;
  if (corked.size === 0) setImmediate(uncorkAll);
  corked.add(raw);
  raw.cork();
}

export function createNextWriter(socket: WebSocket, id: string, highWaterBytes = DEFAULT_HIGH_WATER_BYTES): NextWriter {
  const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  return {
    next(payloadJson) {
      // A closed socket ends the subscription through graphql-ws's close handling.
      if (socket.readyState !== socket.OPEN) return undefined;
      const message = head + payloadJson + '}';
      corkForThisTurn(socket);
      if (socket.bufferedAmount < highWaterBytes) {
        socket.send(message);
        return undefined;
      }
      return new Promise((resolve) => socket.send(message, () => resolve()));
    },
  };
}
