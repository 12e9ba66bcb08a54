/**
 * A WebSocket that sends something the server refuses (a message over JOBCENTER_MAX_REQUEST_BYTES, a
 * malformed frame) is closed by `ws` with the matching code (1009, 1002...). graphql-ws would also
 * print the error's stack trace to stderr; this logs one line instead.
 */
import type { WebSocketServer } from 'ws';
import type { Logger } from '../engine/runtime/logger.js';

/** Call after graphql-ws's `useServer`, so this runs after its connection listener. */
export function logSocketErrorsAsOneLine(wsServer: WebSocketServer, logger: Logger): void {
  wsServer.on('connection', (socket, request) => {
    socket.removeAllListeners('error');
    socket.on('error', (error: Error & { code?: string }) => {
      logger.warn(
        { code: error.code, reason: error.message, remote: request.socket.remoteAddress },
        'WebSocket closed: the client sent what the server refuses',
      );
      // ws has already started closing with the right code; this covers errors it does not close on.
      if (socket.readyState === socket.OPEN) socket.close(1011, 'Internal server error');
    });
  });
}
