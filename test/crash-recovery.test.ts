/**
 * Crash recovery with a real process: `kill -9` while jobs run, restart on the same data dir, and
 * every job still finishes, exactly the interrupted ones running twice. And the graceful variant:
 * SIGTERM releases running jobs without spending their attempt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { poll, REPO_ROOT } from './graphql/helpers.js';
import { useProbeServers, type ProbeServer } from './helpers/probe-server.js';

const ADMIN = 'crash-test-admin-token-0123456789';
const CONCURRENCY = 8;
const JOBS = 200;

const PROBE_PLUGIN = `
import fs from 'node:fs';
import { definePlugin, defineTask, z } from ${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'src/tasks/plugin-api.ts')).href)};

/** Records each run, then waits \`ms\` (and while \`holdFile\` exists), honouring the signal. */
export default definePlugin({
  name: 'crash-probe',
  version: '1.0.0',
  tasks: [defineTask({
    type: 'crash-probe',
    input: z.object({ file: z.string(), ms: z.number().int().min(0), holdFile: z.string().optional() }),
    retry: { maxAttempts: 3 },
    async run(ctx) {
      fs.appendFileSync(ctx.input.file, ctx.job.id + ' ' + ctx.attempt + '\\n');
      const started = Date.now();
      await new Promise((resolve, reject) => {
        const check = () => {
          if (ctx.signal.aborted) return reject(ctx.signal.reason);
          const holding = ctx.input.holdFile !== undefined && fs.existsSync(ctx.input.holdFile);
          if (!holding && Date.now() - started >= ctx.input.ms) return resolve(undefined);
          timer = setTimeout(check, 10);
        };
        let timer = setTimeout(check, 10);
        ctx.signal.addEventListener('abort', () => { clearTimeout(timer); reject(ctx.signal.reason); }, { once: true });
      });
      return { attempt: ctx.attempt };
    },
  })],
});
`;

const { dirs, start } = useProbeServers({ prefix: 'jobcenter-crash-', pluginFile: 'crash-probe.ts', plugin: PROBE_PLUGIN, adminToken: ADMIN });
type Server = ProbeServer;
const startServer = (env: Record<string, string> = {}) => start({ JOBCENTER_CONCURRENCY: String(CONCURRENCY), ...env });

/** Enqueues in batches of aliased mutations (under the default alias limit). */
async function enqueueAll(server: Server, payloads: Array<Record<string, unknown>>): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < payloads.length; start += 20) {
    const batch = payloads.slice(start, start + 20);
    const fields = batch.map((_, i) => `j${i}: enqueueJob(input: { type: "crash-probe", payload: $p${i} }) { id }`).join('\n');
    const vars = batch.map((_, i) => `$p${i}: JSON!`).join(', ');
    const variables = Object.fromEntries(batch.map((p, i) => [`p${i}`, p]));
    const result = await server.data<Record<string, { id: string }>>(`mutation(${vars}) { ${fields} }`, variables);
    ids.push(...batch.map((_, i) => result[`j${i}`]!.id));
  }
  return ids;
}

const COUNT = `query($status: [JobStatus!]) { jobs(filter: { status: $status }, first: 0) { totalCount } }`;
const countOf = async (server: Server, status: string[]) => (await server.data(COUNT, { status })).jobs.totalCount as number;

/** Every job of a status (or all), walking pages of 100. */
async function allJobs(server: Server, status?: string[]): Promise<Array<{ id: string; status: string; attempt: number; errors: Array<{ code: string | null }> }>> {
  const jobs = [];
  let after: string | null = null;
  for (;;) {
    const { jobs: page }: { jobs: any } = await server.data(
      `query($after: String, $filter: JobFilter) { jobs(first: 100, after: $after, orderBy: CREATED_ASC, filter: $filter) {
        pageInfo { hasNextPage endCursor } edges { node { id status attempt errors { code } } } } }`,
      { after, filter: status ? { status } : {} },
    );
    jobs.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return jobs;
    after = page.pageInfo.endCursor;
  }
}

/** job id -> the attempt numbers of its runs, in order. */
function probeRuns(): Map<string, number[]> {
  const runs = new Map<string, number[]>();
  const text = fs.existsSync(dirs.probeFile) ? fs.readFileSync(dirs.probeFile, 'utf8') : '';
  for (const line of text.split('\n').filter(Boolean)) {
    const [id, attempt] = line.split(' ');
    runs.set(id!, [...(runs.get(id!) ?? []), Number(attempt)]);
  }
  return runs;
}

const waitAllFinished = (server: Server) =>
  poll(async () => (await countOf(server, ['QUEUED', 'RUNNING'])) === 0, { timeoutMs: 60_000, intervalMs: 100, label: 'every job to finish' });

test('kill -9 while jobs run: after a restart every job succeeds, only interrupted ones ran twice', { timeout: 120_000 }, async () => {
  const first = await startServer();
  // Jobs long enough that the ones seen RUNNING are still running when the kill lands, even on a
  // busy machine.
  const ids = await enqueueAll(first, Array.from({ length: JOBS }, () => ({ file: dirs.probeFile, ms: 600 })));
  expect(new Set(ids).size).toBe(JOBS);

  await poll(async () => (await countOf(first, ['SUCCEEDED'])) >= 30 && (await countOf(first, ['RUNNING'])) > 0, {
    timeoutMs: 60_000,
    intervalMs: 10,
    label: '30 jobs to succeed with more running',
  });
  const succeededBefore = new Set((await allJobs(first, ['SUCCEEDED'])).map((j) => j.id));
  const runningBefore = new Set((await allJobs(first, ['RUNNING'])).map((j) => j.id));
  const exit = await first.proc.kill('SIGKILL');
  expect(exit.signal).toBe('SIGKILL');
  expect(succeededBefore.size).toBeGreaterThanOrEqual(30);
  expect(succeededBefore.size).toBeLessThan(JOBS);
  // The dead process's lock is still there; the next start takes it over.
  expect(fs.readFileSync(path.join(dirs.dataDir, 'jobcenter.lock'), 'utf8')).toBe(String(first.proc.pid));

  const second = await startServer();
  await waitAllFinished(second);
  const jobs = await allJobs(second);
  expect(jobs).toHaveLength(JOBS);
  expect(new Set(jobs.map((j) => j.id))).toEqual(new Set(ids));
  expect(jobs.filter((j) => j.status !== 'SUCCEEDED')).toEqual([]);

  const runs = probeRuns();
  expect([...runs.keys()].filter((id) => !ids.includes(id))).toEqual([]);
  for (const id of ids) expect(runs.get(id)?.length ?? 0, `runs of ${id}`).toBeGreaterThanOrEqual(1);
  const twice = ids.filter((id) => runs.get(id)!.length === 2);
  expect(ids.filter((id) => runs.get(id)!.length > 2)).toEqual([]);
  for (const id of succeededBefore) expect(runs.get(id), `runs of ${id}, SUCCEEDED before the kill`).toEqual([1]);
  // At most CONCURRENCY jobs were RUNNING at the kill; each one observed RUNNING was interrupted or
  // finished in between; anything else that ran twice started after the snapshot.
  expect(twice.length).toBeLessThanOrEqual(CONCURRENCY);
  expect(twice.length).toBeLessThanOrEqual(CONCURRENCY + runningBefore.size);
  const byId = new Map(jobs.map((j) => [j.id, j]));
  for (const id of twice) {
    expect(runs.get(id)).toEqual([1, 2]);
    expect(byId.get(id)).toMatchObject({ attempt: 2, errors: [{ code: 'LEASE_EXPIRED' }] });
  }
  // Every job's attempt counter matches its last recorded run (a job claimed but killed before its
  // handler began shows one run, as attempt 2).
  for (const job of jobs) expect(job.attempt, `attempt of ${job.id}`).toBe(runs.get(job.id)!.at(-1));
  // The kill did interrupt something (jobs were RUNNING and more were queued).
  expect(jobs.filter((j) => j.attempt === 2).length).toBeGreaterThan(0);
  expect(second.proc.stderr).not.toMatch(/locked|another jobcenter process/);
});

test('SIGTERM releases running jobs without spending an attempt; they finish after a restart', { timeout: 120_000 }, async () => {
  const hold = path.join(dirs.work, 'hold');
  fs.writeFileSync(hold, '');
  const first = await startServer({ JOBCENTER_SHUTDOWN_GRACE_MS: '300' });
  const total = CONCURRENCY + 4;
  const ids = await enqueueAll(first, Array.from({ length: total }, () => ({ file: dirs.probeFile, ms: 20, holdFile: hold })));
  // Every slot busy and every running handler started.
  await poll(async () => (await countOf(first, ['RUNNING'])) === CONCURRENCY && probeRuns().size === CONCURRENCY, {
    timeoutMs: 30_000,
    label: `${CONCURRENCY} handlers to run`,
  });
  const released = [...probeRuns().keys()];

  const exit = await first.proc.kill('SIGTERM', 30_000);
  expect(exit, first.proc.stdout + first.proc.stderr).toEqual({ code: 0, signal: null });
  expect(fs.existsSync(path.join(dirs.dataDir, 'jobcenter.lock'))).toBe(false);

  // Offline, the released jobs are back in the queue with no attempt spent and no error recorded.
  const store = openSqliteStore({ file: path.join(dirs.dataDir, 'jobcenter.db') });
  try {
    for (const id of ids) {
      const job = await store.jobs.get(id, 'default');
      expect(job, id).toMatchObject({ status: 'QUEUED', attempt: 0, errors: [] });
      expect(job!.leaseOwner).toBeUndefined();
    }
  } finally {
    await store.close();
  }

  fs.rmSync(hold);
  const second = await startServer();
  await waitAllFinished(second);
  const jobs = await allJobs(second);
  expect(jobs).toHaveLength(total);
  for (const job of jobs) expect(job, job.id).toMatchObject({ status: 'SUCCEEDED', attempt: 1, errors: [] });
  const runs = probeRuns();
  for (const id of ids) expect(runs.get(id), id).toEqual(released.includes(id) ? [1, 1] : [1]);
  await second.proc.kill('SIGTERM');
});
