/**
 * The real server process (`src/main.ts api`) answers a query stopped by its node cap in the middle
 * of a list whose earlier items are still loading, and stays up. Node ends a process on a rejection
 * nobody handles, and the list's abandoned items used to be exactly that (see STOPPED in
 * src/server/operation-budget.ts): any token could stop the server with one query.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { PLUGINS_DIR } from './helpers.js';
import { freePort, useProcesses, waitHealthy } from './server-process.js';

const processes = useProcesses();
const ADMIN = 'budget-stop-admin-token-0123456789';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test('a query stopped by the node cap midway through a list of loading items is answered, and the server stays up', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobcenter-budget-stop-'));
  dirs.push(dataDir);
  const port = await freePort();
  const proc = processes.start(['api'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    JOBCENTER_DATA_DIR: dataDir,
    JOBCENTER_PLUGINS_DIR: PLUGINS_DIR,
    JOBCENTER_ADMIN_TOKEN: ADMIN,
    JOBCENTER_MAX_RESPONSE_NODES: '100',
    LOG_LEVEL: 'warn',
  });
  await waitHealthy(proc, port);
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
  };
  const inputs = Array.from({ length: 60 }, () => ({ type: 'sleep', payload: { ms: 0 } }));
  expect((await gql('mutation($inputs: [EnqueueJobInput!]!) { enqueueJobs(inputs: $inputs) { id } }', { inputs })).errors).toBeUndefined();

  // Each edge is three fields at once and a usage that loads (non-null): the cap of 100 is passed
  // around the 33rd edge while the usages before it are still loading.
  const stopped = await gql('{ jobs(first: 60) { edges { node { id usage { inputTokens } } } } }');
  expect(stopped.data ?? null).toBeNull();
  expect(stopped.errors?.map((error) => error.extensions?.code)).toEqual(['RESPONSE_TOO_LARGE']);

  // The loading usages settle after the answer; the process is still there to answer next.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(proc.alive, proc.stderr).toBe(true);
  expect((await gql('{ jobs(first: 5) { edges { node { id } } } }')).errors).toBeUndefined();
});
