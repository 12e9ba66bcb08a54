/**
 * The embedded store: one SQLite file in WAL mode, owned by one process. Writes are durable when their
 * transaction commits (synchronous=NORMAL in WAL survives a process crash; FULL also a power cut).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ChangeFeed } from '../change-feed.js';
import type { Store } from '../port.js';
import { SqliteJobRepository } from './jobs.js';
import { SqliteLlmCallRepository } from './llm-calls.js';
import { migrate } from './migrations.js';
import { SqliteAuditRepository } from './audit.js';
import { SqliteJobLogRepository } from './job-logs.js';
import { SqliteTokenRepository } from './tokens.js';
import { SqliteWorkerRepository } from './workers.js';
import { SqliteAlertRepository } from './alerts.js';
import { SqliteScheduleRepository } from './schedules.js';
import { SqliteScheduleRunRepository } from './schedule-runs.js';
import { SqliteSchedulerHeartbeatRepository } from './scheduler-heartbeats.js';
import { Statements } from './statements.js';
import { SqlitePriceRepository } from './prices.js';
import { SqliteBudgetRepository } from './budgets.js';
import { Checkpointer, RESTART_WAL_BYTES } from './checkpointer.js';
import { SqliteJobStepRepository } from './steps.js';
import { SqliteJobWaitRepository } from './waits.js';
import { SqliteMetricsRollupRepository } from './metrics-rollups.js';
import { SqliteJobSearchIndex } from './job-search-index.js';
import { OffThreadReads } from './off-thread-reads.js';

export interface SqliteStoreOptions {
  /** The database file, or ':memory:'. Its folder is created if missing. */
  file: string;
  /** 'NORMAL' (default) or 'FULL'. */
  synchronous?: 'NORMAL' | 'FULL';
  feed?: ChangeFeed;
  /** The WAL length past which the store's connection restarts it (checkpointer.ts); tests lower it. */
  walRestartBytes?: number;
}

export function openSqliteStore(options: SqliteStoreOptions): Store {
  if (options.file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  // A job search matched row by row (job-query.ts): the in-memory rule of domain/job-filter.ts.
  db.function('jc_contains', { deterministic: true }, (type, payload, errors, needle) =>
    [type, payload, errors].some((field) => typeof field === 'string' && field.toLowerCase().includes(needle as string)) ? 1 : 0,
  );
  // Checkpoints run in a worker thread when the WAL grows, not inside a commit (checkpointer.ts).
  const checkpointer =
    options.file === ':memory:'
      ? undefined
      : new Checkpointer(path.resolve(options.file), options.walRestartBytes ?? RESTART_WAL_BYTES, {
          fallback: () => {
            if (db.open) db.pragma('wal_autocheckpoint = 1000');
          },
          restart: () => {
            if (!db.open || db.inTransaction) return;
            db.pragma('busy_timeout = 0');
            try {
              db.pragma('wal_checkpoint(RESTART)');
            } catch {
              // Busy: the thread is mid-pass; its next report asks again.
            } finally {
              db.pragma('busy_timeout = 5000');
            }
          },
        });
  if (checkpointer) {
    db.pragma('wal_autocheckpoint = 0');
    // Once the WAL starts over, a file that grew past the restart size is cut back to it.
    db.pragma(`journal_size_limit = ${options.walRestartBytes ?? RESTART_WAL_BYTES}`);
  }
  const statements = new Statements(db);
  const reads = new OffThreadReads(options.file === ':memory:' ? ':memory:' : path.resolve(options.file), statements);
  const changes = options.feed ?? new ChangeFeed();
  const jobs = new SqliteJobRepository(statements, changes);
  const schedules = new SqliteScheduleRepository(statements, changes);
  return {
    kind: 'sqlite',
    exclusive: true,
    durability: {
      journal_mode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: options.synchronous ?? 'NORMAL',
    },
    jobs,
    logs: new SqliteJobLogRepository(statements, changes),
    audit: new SqliteAuditRepository(statements),
    tokens: new SqliteTokenRepository(statements),
    workers: new SqliteWorkerRepository(statements),
    llmCalls: new SqliteLlmCallRepository(statements, changes),
    prices: new SqlitePriceRepository(statements),
    budgets: new SqliteBudgetRepository(statements),
    schedules,
    // Firing a slot stores its run, its job and its schedule's patch in one transaction.
    scheduleRuns: new SqliteScheduleRunRepository(statements, changes, jobs, schedules),
    alerts: new SqliteAlertRepository(statements, changes),
    schedulerHeartbeats: new SqliteSchedulerHeartbeatRepository(statements),
    steps: new SqliteJobStepRepository(statements),
    // A resolved wait resumes its job in the same transaction.
    waits: new SqliteJobWaitRepository(statements, changes, jobs),
    metricsRollups: new SqliteMetricsRollupRepository(statements, reads),
    jobSearchIndex: new SqliteJobSearchIndex(statements),
    changes,
    async close() {
      await checkpointer?.close();
      await reads.close();
      if (db.open) db.close();
    },
  };
}
