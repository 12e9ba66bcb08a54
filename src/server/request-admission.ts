/**
 * How an HTTP request enters the request turns (./request-turns.ts): whose it is, what it weighs, and
 * the answer when it would wait too long for its turn.
 *
 * - Whose: the org of a token this process verified lately, so an org's tokens share one place in
 *   the rotation; else the address it came from.
 * - Weight: its body's size in KB, 1 at least (its work roughly follows it).
 * - Only a request with a body may be refused: one without (a console page, a GET query) is cheap
 *   and holds no memory while it waits.
 * - A refused request is answered 429 with Retry-After and a RATE_LIMITED error after REFUSAL_HOLD_MS,
 *   its body unread: a client that retries at once, as a closed loop does, would otherwise turn the
 *   server's time into refusals (at 200 connections of 1,000-job batches, 5,000 refusals a second,
 *   each reading a 37 KB body, halved the jobs enqueued).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestTurns } from './request-turns.js';

/** How long a refused request is held before its 429 is sent. */
const REFUSAL_HOLD_MS = 1_000;

export interface RequestAdmission {
  /** Queues `start` for its turn, or answers 429 when the request would wait too long. */
  (req: IncomingMessage, res: ServerResponse, start: () => void): void;
}

/**
 * `orgOf`: the org of the request's token when this process knows it without reading the store.
 * `maxWaitMs`: JOBCENTER_MAX_QUEUE_WAIT_MS, named in the refusal.
 */
export function createRequestAdmission(turns: RequestTurns, orgOf: (req: IncomingMessage) => string | undefined, maxWaitMs: number): RequestAdmission {
  return (req, res, start) => {
    const org = orgOf(req);
    const caller = org === undefined ? `address:${req.socket.remoteAddress ?? ''}` : `org:${org}`;
    const bodiless = req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
    const weight = Math.max(1, Number(req.headers['content-length'] ?? 0) / 1024 || 1);
    if (turns.run(start, caller, weight, !bodiless)) return;
    const wait = turns.expectedWaitMs(caller);
    const retryAfter = Math.max(1, Math.ceil(wait / 1000));
    setTimeout(() => {
      if (res.writableEnded || req.socket.destroyed) return;
      res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfter) });
      res.end(
        JSON.stringify({
          errors: [
            {
              message: `too many requests queued: this one would wait ${(wait / 1000).toFixed(1)} s for its turn (JOBCENTER_MAX_QUEUE_WAIT_MS); retry after ${retryAfter} s`,
              extensions: { code: 'RATE_LIMITED', limit: maxWaitMs, setting: 'JOBCENTER_MAX_QUEUE_WAIT_MS', retryAfterMs: retryAfter * 1000 },
            },
          ],
        }),
      );
      req.resume();
    }, REFUSAL_HOLD_MS).unref();
  };
}
