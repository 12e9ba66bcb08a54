/**
 * Builds a store of many jobs through the store's port, as a deployment that keeps a week of history
 * would hold them: 95 % in org `default` (the admin token's org), the rest over 19 other orgs, created
 * over the last 6 days, five task types, and statuses reached the way the executor reaches them
 * (insert, claim, finishAttempts): about 87 % SUCCEEDED, 8 % FAILED (error "boom <n>"), 4 % CANCELLED,
 * and the newest 1 % still QUEUED. No seeded type has a plugin, so the server's executor leaves them.
 */
import { newId } from '../src/engine/domain/ids.js';
import type { NewJob } from '../src/engine/domain/types.js';
import type { AttemptReport } from '../src/engine/store/port.js';
import { silentLogger } from '../src/engine/runtime/logger.js';
import { SearchIndexer } from '../src/engine/runtime/search-indexer.js';
import { MetricsRoller } from '../src/engine/runtime/metrics-roller.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';

export const SEED_TYPES = ['summarize', 'embed', 'crawl', 'classify', 'transcribe'];
const DAY = 24 * 3600_000;
const BATCH = 5_000;

/** Which seeded job `n` is: its org, type and how it ended. */
export function seededJob(n: number): { orgId: string; type: string; outcome: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' } {
  const orgId = n % 20 === 7 ? `org-${(n % 19) + 1}` : 'default';
  const type = SEED_TYPES[n % SEED_TYPES.length]!;
  const outcome = n % 12 === 1 ? 'FAILED' : n % 25 === 3 ? 'CANCELLED' : 'SUCCEEDED';
  return { orgId, type, outcome };
}

/** Seeds `total` jobs into the SQLite file (created if missing); returns how long it took. */
export async function seedJobs(file: string, total: number, log: (line: string) => void): Promise<{ ms: number; total: number }> {
  const store = openSqliteStore({ file });
  const started = performance.now();
  const now = Date.now();
  const from = now - 6 * DAY;
  const step = (6 * DAY) / total;
  const queuedFrom = Math.floor(total * 0.99);
  try {
    const existing = await store.jobs.count('default', {});
    if (existing > 0) throw new Error(`${file} already holds jobs; seed an empty store`);
    for (let start = 0; start < total; start += BATCH) {
      const end = Math.min(total, start + BATCH);
      const jobs: NewJob[] = [];
      for (let n = start; n < end; n++) {
        const at = Math.floor(from + n * step);
        const { orgId, type } = seededJob(n);
        jobs.push({
          id: newId(),
          orgId,
          type,
          priority: n % 50 === 0 ? 5 : 0,
          payload: { n, text: `document ${n} of the archive`, lang: n % 3 ? 'en' : 'de' },
          maxAttempts: 3,
          runAt: at,
          createdAt: at,
        });
      }
      await store.jobs.insert(jobs);
      // The newest 1 % stays QUEUED; the rest is claimed and finished as the executor would.
      const finishUpTo = Math.min(end, queuedFrom);
      if (finishUpTo > start) {
        const claimAt = Math.floor(from + (finishUpTo - 1) * step);
        const claimed = [];
        // Orgs take turns in a claim, which may hand out fewer than asked: claim until the batch is in.
        for (let want = finishUpTo - start; want > 0; ) {
          const got = await store.jobs.claim({ workerId: 'seed', limit: want, now: claimAt, leaseMs: DAY, types: SEED_TYPES, typeLimits: {} });
          if (got.length === 0) break;
          claimed.push(...got);
          want -= got.length;
        }
        const reports: AttemptReport[] = claimed.map((job) => {
          const n = (job.payload as { n: number }).n;
          const finishedAt = claimAt + 200 + (n % 5_000);
          const { outcome } = seededJob(n);
          return {
            jobId: job.id,
            workerId: 'seed',
            now: finishedAt,
            outcome:
              outcome === 'SUCCEEDED'
                ? { kind: 'succeeded', result: { words: n % 997 } }
                : outcome === 'FAILED'
                  ? { kind: 'failed', error: { message: `boom ${n}`, retryable: false, attempt: 1, at: finishedAt } }
                  : { kind: 'cancelled' },
          };
        });
        await store.jobs.finishAttempts(reports);
      }
      // Each store call runs synchronously: yield, so the store's timers (the WAL checkpointer) run.
      await new Promise((resolve) => setImmediate(resolve));
      if ((end / BATCH) % 20 === 0 || end === total) {
        const s = (performance.now() - started) / 1000;
        log(`  seeded ${end.toLocaleString('en-US')} jobs in ${s.toFixed(0)} s (${Math.round(end / s).toLocaleString('en-US')} jobs/s)`);
      }
    }
  } finally {
    await store.close();
  }
  return { ms: performance.now() - started, total };
}

/**
 * Rolls the store's finished jobs into the metrics rollups, as the server's roller does within a
 * minute of starting, so the metrics figures are taken on a store in its steady state.
 */
export async function rollMetrics(file: string): Promise<{ ms: number; rolled: number }> {
  const store = openSqliteStore({ file });
  const started = performance.now();
  try {
    const rolled = await new MetricsRoller(store, silentLogger, { jobsRetentionMs: 0 }).roll();
    return { ms: performance.now() - started, rolled };
  } finally {
    await store.close();
  }
}

/** Brings the job search index up to date, as the server's indexer does in the background (a store seeded once is indexed once). */
export async function indexSearch(file: string): Promise<{ ms: number; indexed: number }> {
  const store = openSqliteStore({ file });
  const started = performance.now();
  try {
    const indexed = await new SearchIndexer(store, silentLogger).catchUp();
    return { ms: performance.now() - started, indexed };
  } finally {
    await store.close();
  }
}
