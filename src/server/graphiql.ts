/**
 * GraphiQL at GET /graphql for browsers, from this server only: no CDN, no inline script, the console's
 * security headers (CSP included). Its scripts and styles come from the installed
 * `@graphql-yoga/graphiql` package, served under /graphiql/assets/; without that package the page
 * says how to add it and the API works as before.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../console-assets.js';

export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets/';

/** The files the page loads, by the name it loads them under, relative to the package's dist/. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'graphiql.css': { file: 'graphiql.css', type: 'text/css; charset=utf-8' },
  'yoga-graphiql.umd.js': { file: 'yoga-graphiql.umd.js', type: 'text/javascript; charset=utf-8' },
  'editor.worker.js': { file: 'monacoeditorwork/editor.worker.bundle.js', type: 'text/javascript; charset=utf-8' },
  'json.worker.js': { file: 'monacoeditorwork/json.worker.bundle.js', type: 'text/javascript; charset=utf-8' },
  'graphql.worker.js': { file: 'monacoeditorwork/graphql.worker..bundle.js', type: 'text/javascript; charset=utf-8' },
};

/** Run before the bundle: Monaco's workers load from this server. */
const ENV_SCRIPT = `self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: function (_id, label) {
  var name = label === 'json' ? 'json' : label === 'graphql' ? 'graphql' : 'editor';
  return '${GRAPHIQL_ASSETS_PATH}' + name + '.worker.js';
} };`;

/** Run after the bundle: options come from a JSON data block, so no script is inline. */
const INIT_SCRIPT = `(function () {
  var options = JSON.parse(document.getElementById('graphiql-options').textContent || '{}');
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
})();`;

function findDist(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const dist = path.join(path.dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');
    return Object.values(ASSETS).every((a) => fs.existsSync(path.join(dist, a.file))) ? dist : undefined;
  } catch {
    return undefined;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface GraphiQLHandler {
  /** Whether the package's assets were found (otherwise the page explains how to add them). */
  readonly available: boolean;
  /** Answers GET /graphql from a browser with the page. */
  page(res: ServerResponse): void;
  /** Answers GET /graphiql/assets/*; false when the path is not one of its files. */
  asset(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
}

export function createGraphiQL(options: { title: string; endpoint: string }, dist = findDist()): GraphiQLHandler {
  const data = JSON.stringify({ title: options.title, endpoint: options.endpoint, subscriptionsProtocol: 'WS' }).replace(/</g, '\\u003c');
  const title = escapeHtml(options.title);
  const html = dist
    ? `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}graphiql.css"></head>
<body><div id="root">Loading ${title}...</div>
<script type="application/json" id="graphiql-options">${data}</script>
<script src="${GRAPHIQL_ASSETS_PATH}env.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}yoga-graphiql.umd.js"></script>
<script src="${GRAPHIQL_ASSETS_PATH}init.js"></script>
</body></html>`
    : `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}: GraphiQL is not installed</h1>
<p>This server serves GraphiQL from its own files only, and the package that holds them,
<code>@graphql-yoga/graphiql</code>, is not installed. Add it (<code>npm install @graphql-yoga/graphiql</code>)
and restart, or send operations to this endpoint (POST ${escapeHtml(options.endpoint)}) with any GraphQL client.</p>
</body></html>`;

  const send = (res: ServerResponse, type: string, body: string | Buffer, cache: string) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.writeHead(200, { 'content-type': type, 'cache-control': cache });
    res.end(body);
  };

  return {
    available: dist !== undefined,
    page(res) {
      send(res, 'text/html; charset=utf-8', html, 'no-cache');
    },
    asset(req, res, pathname) {
      if (!dist || !pathname.startsWith(GRAPHIQL_ASSETS_PATH) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
      const name = pathname.slice(GRAPHIQL_ASSETS_PATH.length);
      if (name === 'env.js') return send(res, 'text/javascript; charset=utf-8', ENV_SCRIPT, 'no-cache'), true;
      if (name === 'init.js') return send(res, 'text/javascript; charset=utf-8', INIT_SCRIPT, 'no-cache'), true;
      const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
      if (!asset) return false;
      send(res, asset.type, fs.readFileSync(path.join(dist, asset.file)), 'public, max-age=3600');
      return true;
    },
  };
}
