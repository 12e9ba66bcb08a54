/**
 * Cancellation for operations over graphql-ws: each operation gets an AbortSignal that aborts when
 * the client sends `complete` for it or the socket closes, so a query the client gave up on stops
 * (graphql-ws itself only ends subscriptions on those).
 */
import type { WebSocket } from 'ws';

export interface WsCancellation {
  /** A signal for operation `id` on `socket`; release it with `done` once the operation ends. */
  signalFor(socket: WebSocket, id: string): AbortSignal;
  done(socket: WebSocket, id: string): void;
}

export function createWsCancellation(): WsCancellation {
  const sockets = new WeakMap<WebSocket, Map<string, AbortController>>();

  function operations(socket: WebSocket): Map<string, AbortController> {
    let map = sockets.get(socket);
    if (map) return map;
    const created = new Map<string, AbortController>();
    map = created;
    sockets.set(socket, created);
    socket.on('message', (data: unknown) => {
      if (created.size === 0) return;
      let message: { type?: unknown; id?: unknown };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return; // graphql-ws closes the socket for it
      }
      if (message?.type !== 'complete' || typeof message.id !== 'string') return;
      created.get(message.id)?.abort();
      created.delete(message.id);
    });
    socket.once('close', () => {
      for (const controller of created.values()) controller.abort();
      created.clear();
    });
    return created;
  }

  return {
    signalFor(socket, id) {
      const map = operations(socket);
      map.get(id)?.abort();
      const controller = new AbortController();
      map.set(id, controller);
      return controller.signal;
    },
    done(socket, id) {
      sockets.get(socket)?.delete(id);
    },
  };
}
