/**
 * Serves the built console (client/dist) for every browser path that is not the API: a deep link
 * like /jobs/123 gets index.html and the console's router takes over. Hashed assets are cached for
 * good, index.html never, so a rebuilt console is picked up on the next load.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../client/dist', import.meta.url));

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

export type ConsoleHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** The handler, or undefined when the console has not been built into `dir`. */
export function createConsoleHandler(dir = DEFAULT_CONSOLE_DIR): ConsoleHandler | undefined {
  if (!existsSync(`${dir}/index.html`)) return undefined;
  const serve = sirv(dir, {
    single: true,
    etag: true,
    dotfiles: false,
    setHeaders(res, pathname) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Resolves true when a file (or index.html) was sent, false when nothing matched.
  return (req, res) =>
    new Promise((resolve) => {
      serve(req, res, () => resolve(false));
      res.once('finish', () => resolve(true));
      res.once('close', () => resolve(true));
    });
}
