/**
 * GraphiQL with its package's files present (a stand-in dist folder laid out like
 * @graphql-yoga/graphiql's): the page loads every script and style from /graphiql/assets/ on this
 * server, each served with the console's security headers; unknown names are not served.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createGraphiQL } from '../../src/server/graphiql.js';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'jobcenter-graphiql-'));
for (const file of ['graphiql.css', 'yoga-graphiql.umd.js', 'monacoeditorwork/editor.worker.bundle.js', 'monacoeditorwork/json.worker.bundle.js', 'monacoeditorwork/graphql.worker..bundle.js']) {
  fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  fs.writeFileSync(path.join(dist, file), `/* ${file} */`);
}
const graphiql = createGraphiQL({ title: 'jobcenter', endpoint: '/graphql' }, dist);
const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname === '/graphql') return graphiql.page(res);
  if (!graphiql.asset(req, res, pathname)) res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
afterAll(() => {
  server.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

test('the page loads its scripts and styles from this server, each under the security headers', async () => {
  expect(graphiql.available).toBe(true);
  const page = await fetch(`${origin}/graphql`);
  const html = await page.text();
  expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(refs.length).toBeGreaterThanOrEqual(4);
  for (const ref of [...refs, '/graphiql/assets/editor.worker.js', '/graphiql/assets/json.worker.js', '/graphiql/assets/graphql.worker.js']) {
    expect(ref).toMatch(/^\/graphiql\/assets\//);
    const asset = await fetch(`${origin}${ref}`);
    expect(asset.status, ref).toBe(200);
    expect(asset.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
  }
  expect((await fetch(`${origin}/graphiql/assets/../package.json`)).status).toBe(404);
  expect((await fetch(`${origin}/graphiql/assets/constructor`)).status).toBe(404);
});
