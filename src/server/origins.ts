/**
 * Which browser origins may call the API (CORS) and open its WebSocket: the server's own origin
 * (the Origin's host is the request's Host) and those listed in JOBCENTER_ALLOWED_ORIGINS. A request
 * without an Origin header is not a cross-origin browser request (curl, SDKs, server-to-server) and
 * is allowed; authentication still applies to it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export class OriginPolicy {
  readonly #allowed: Set<string>;

  constructor(allowed: readonly string[]) {
    this.#allowed = new Set(allowed.map((o) => o.toLowerCase()));
  }

  /** True when `origin` may call a server reached as `host`. */
  allows(origin: string | null | undefined, host: string | null | undefined): boolean {
    if (origin === undefined || origin === null) return true;
    const normalised = origin.trim().toLowerCase();
    if (this.#allowed.has(normalised)) return true;
    let url: URL;
    try {
      url = new URL(normalised);
    } catch {
      return false; // "null" (sandboxed frames, file:) and anything malformed
    }
    return !!host && /^https?:$/.test(url.protocol) && url.host === host.trim().toLowerCase();
  }

  /** For an HTTP request: true when allowed, or false after answering 403. */
  checkRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (this.allows(origin, req.headers.host)) return true;
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8', vary: 'Origin' });
    res.end(
      JSON.stringify({
        errors: [
          {
            message: `origin ${String(origin).slice(0, 200)} is not allowed: set JOBCENTER_ALLOWED_ORIGINS to let a browser page from it call this API`,
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      }),
    );
    return false;
  }

  /** yoga's `cors` option: CORS headers for allowed origins only (with credentials), none otherwise. */
  corsOptions = (request: Request): { origin: string[]; credentials: true; maxAge: number } | false => {
    const origin = request.headers.get('origin');
    if (!origin || !this.allows(origin, request.headers.get('host'))) return false;
    return { origin: [origin], credentials: true, maxAge: 600 };
  };

  /** ws's `verifyClient`: a WebSocket upgrade from a foreign origin is refused with 403. */
  verifyClient = (
    info: { origin: string | undefined; req: IncomingMessage },
    done: (allowed: boolean, status?: number, message?: string) => void,
  ): void => {
    if (this.allows(info.origin, info.req.headers.host)) done(true);
    else done(false, 403, 'origin not allowed');
  };
}
