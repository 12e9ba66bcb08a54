/**
 * Writes a yoga response to a Node response chunk by chunk, so server-sent events reach the client as
 * they happen. A subscription over SSE is a live connection like a socket: it counts against the
 * token's and org's caps (over them: 429), and when its token is revoked or expires the stream sends
 * a last `next` event with an UNAUTHENTICATED error, then `complete`, and ends.
 */
import type { ServerResponse } from 'node:http';
import type { ApiToken } from '../engine/domain/types.js';
import type { EndReason, LiveGuard } from './live-guard.js';

export interface StreamOptions {
  guard: LiveGuard;
  /** The caller's verified token, or undefined (then the stream is not tracked: it carries errors only). */
  token: () => Promise<ApiToken | undefined>;
  /** Stops the operation behind the response. */
  abort: () => void;
}

const isEventStream = (response: Response) => /^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '');

function lastEvents(why: EndReason): string {
  const payload = { errors: [{ message: why.reason, extensions: { code: 'UNAUTHENTICATED', closeCode: why.code } }] };
  // The blank line first ends any event yoga had half written.
  return `\nevent: next\ndata: ${JSON.stringify(payload)}\n\nevent: complete\ndata:\n\n`;
}

export async function pipeResponse(response: Response, res: ServerResponse, options: StreamOptions): Promise<void> {
  if (!isEventStream(response)) return writeWhole(response, res);
  let release = () => undefined as void;
  let ended = false;
  const reader = response.body?.getReader();
  if (reader) {
    const token = await options.token();
    if (token) {
      const admitted = options.guard.admit(token, (why) => {
        ended = true;
        options.abort();
        void reader.cancel().catch(() => undefined);
        if (!res.writableEnded && !res.destroyed) res.end(lastEvents(why));
      });
      if ('refused' in admitted) {
        void reader.cancel().catch(() => undefined);
        options.abort();
        res.writeHead(429, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ errors: [{ message: admitted.refused, extensions: { code: 'LIMIT_EXCEEDED' } }] }));
        return;
      }
      release = admitted.release;
    }
  }
  try {
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!reader) return void res.end();
    res.on('close', () => void reader.cancel().catch(() => undefined));
    for (;;) {
      const { done, value } = await reader.read();
      if (done || ended || res.writableEnded) break;
      res.write(value);
    }
    if (!res.writableEnded) res.end();
  } finally {
    release();
  }
}

/**
 * One answer, not a stream: written in one go with its length. (Yoga's Fetch implementation holds a
 * JSON answer as a string; reading it as a stream would cost a stream and a chunked reply.)
 */
export async function writeWhole(response: Response, res: ServerResponse): Promise<void> {
  const body = await response.text();
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
