/**
 * Versioned migrations, tracked in SQLite's `user_version`. Each step runs in one transaction; a
 * database newer than this code is refused rather than guessed at.
 */
import type Database from 'better-sqlite3';

const MIGRATIONS: string[] = [
  // 1: jobs, logs, audit, tokens, workers
  `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    payload TEXT NOT NULL,
    result TEXT,
    errors TEXT NOT NULL DEFAULT '[]',
    progress TEXT,
    attempt INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    timeout_ms INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    checkpoint TEXT,
    created_by TEXT,
    idempotency_key TEXT,
    parent_id TEXT,
    retry_of_id TEXT,
    schedule_id TEXT,
    schedule_run_id TEXT,
    lease_owner TEXT,
    lease_expires_at INTEGER
  );
  CREATE UNIQUE INDEX jobs_idempotency ON jobs (org_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE INDEX jobs_claim ON jobs (priority DESC, run_at, id) WHERE status = 'QUEUED';
  CREATE INDEX jobs_due ON jobs (run_at) WHERE status = 'QUEUED';
  CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status = 'RUNNING';
  CREATE INDEX jobs_org_created ON jobs (org_id, created_at, id);
  CREATE INDEX jobs_org_status_created ON jobs (org_id, status, created_at, id);
  CREATE INDEX jobs_org_type_created ON jobs (org_id, type, created_at, id);
  CREATE INDEX jobs_org_priority ON jobs (org_id, priority, created_at, id);
  CREATE INDEX jobs_org_finished ON jobs (org_id, finished_at, id);
  CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
  CREATE INDEX jobs_parent ON jobs (parent_id, created_at) WHERE parent_id IS NOT NULL;
  CREATE INDEX jobs_retry_of ON jobs (retry_of_id) WHERE retry_of_id IS NOT NULL;
  CREATE INDEX jobs_schedule ON jobs (schedule_id, created_at) WHERE schedule_id IS NOT NULL;

  CREATE TABLE job_logs (
    job_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    org_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL,
    data TEXT,
    PRIMARY KEY (job_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE audit_entries (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    details TEXT
  );
  CREATE INDEX audit_org_at ON audit_entries (org_id, at, id);
  CREATE INDEX audit_target ON audit_entries (org_id, target_type, target_id);

  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT,
    permissions TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER,
    last_used_at INTEGER
  );

  CREATE TABLE workers (
    id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    last_heartbeat_at INTEGER NOT NULL,
    running INTEGER NOT NULL,
    concurrency INTEGER NOT NULL
  );
  `,
  // 2: the FINISHED_DESC order sorts on COALESCE(finished_at, 0): index that expression, so the
  // list is served from the index (the plain column index could not be used for it)
  `
  DROP INDEX jobs_org_finished;
  CREATE INDEX jobs_org_finished ON jobs (org_id, COALESCE(finished_at, 0), id);
  `,
  // 3: recorded LLM calls. Lists are newest first per org, so each filter's index ends in the list
  // order; usage per job reads parent_job_id, retention reads queued_at.
  `
  CREATE TABLE llm_calls (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    source TEXT NOT NULL,
    requested_by TEXT,
    status TEXT NOT NULL,
    parent_job_id TEXT,
    messages TEXT NOT NULL,
    params TEXT,
    output TEXT NOT NULL DEFAULT '[]',
    error TEXT,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cached_tokens INTEGER NOT NULL DEFAULT 0,
    total_tokens INTEGER NOT NULL DEFAULT 0,
    queued_at INTEGER NOT NULL,
    started_at INTEGER,
    first_token_at INTEGER,
    finished_at INTEGER,
    retries INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX llm_calls_org_queued ON llm_calls (org_id, queued_at DESC, id DESC);
  CREATE INDEX llm_calls_org_status ON llm_calls (org_id, status, queued_at DESC, id DESC);
  CREATE INDEX llm_calls_org_model ON llm_calls (org_id, model, queued_at DESC, id DESC);
  CREATE INDEX llm_calls_org_source ON llm_calls (org_id, source, queued_at DESC, id DESC);
  CREATE INDEX llm_calls_parent_job ON llm_calls (parent_job_id) WHERE parent_job_id IS NOT NULL;
  CREATE INDEX llm_calls_queued ON llm_calls (queued_at);
  `,
  // 4: schedules, their runs, alerts. A run's run_key is unique: a slot fires at most once. The
  // trigger, retry policy and payload are JSON; search_text is the lower-cased name and description
  // (lower-cased in JS, so any-case search means the same here as on MongoDB, beyond ASCII too).
  // No foreign keys: runs and alerts outlive nothing by accident, the repository deletes runs itself.
  `
  CREATE TABLE schedules (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    search_text TEXT NOT NULL,
    task_type TEXT NOT NULL,
    payload TEXT,
    trigger_spec TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    next_run_at INTEGER,
    last_run_at INTEGER,
    last_run_status TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    overlap_policy TEXT NOT NULL,
    max_concurrent_runs INTEGER NOT NULL,
    misfire_policy TEXT NOT NULL,
    catch_up_window_seconds INTEGER NOT NULL,
    retry_policy TEXT NOT NULL,
    alert_after_failures INTEGER,
    pause_on_alert INTEGER NOT NULL,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    anchor_at INTEGER NOT NULL
  );
  CREATE INDEX schedules_org_name ON schedules (org_id, name, id);
  CREATE INDEX schedules_due ON schedules (enabled, next_run_at, id);

  CREATE TABLE schedule_runs (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    schedule_id TEXT NOT NULL,
    run_key TEXT NOT NULL,
    run_trigger TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status TEXT NOT NULL,
    scheduled_for INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    job_id TEXT,
    error TEXT,
    retry_of_run_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX schedule_runs_key ON schedule_runs (run_key);
  CREATE INDEX schedule_runs_org_scheduled ON schedule_runs (org_id, scheduled_for DESC, id DESC);
  CREATE INDEX schedule_runs_org_schedule ON schedule_runs (org_id, schedule_id, scheduled_for DESC, id DESC);
  CREATE INDEX schedule_runs_job ON schedule_runs (job_id) WHERE job_id IS NOT NULL;
  CREATE INDEX schedule_runs_schedule_status ON schedule_runs (schedule_id, status);

  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    schedule_id TEXT,
    message TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    acknowledged_at INTEGER,
    acknowledged_by TEXT
  );
  CREATE INDEX alerts_org_raised ON alerts (org_id, raised_at DESC, id DESC);
  CREATE INDEX alerts_org_open ON alerts (org_id, raised_at DESC, id DESC) WHERE acknowledged_at IS NULL;
  CREATE INDEX alerts_org_schedule ON alerts (org_id, schedule_id, raised_at DESC, id DESC) WHERE schedule_id IS NOT NULL;
  `,
  // 5: schedulers' heartbeats (one row per node: the watchdog reads the newest, no index needed), and
  // alert dedupe keys: unique per org while the alert is open (acknowledging clears the key).
  `
  CREATE TABLE scheduler_heartbeats (
    node TEXT PRIMARY KEY,
    last_beat_at INTEGER NOT NULL
  );
  ALTER TABLE alerts ADD COLUMN dedupe_key TEXT;
  CREATE UNIQUE INDEX alerts_org_dedupe ON alerts (org_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
  `,
  // 6: the runs still QUEUED or RUNNING, in every org (few, however long the history): the scheduler
  // checks them against their jobs at start.
  `
  CREATE INDEX schedule_runs_active ON schedule_runs (id) WHERE status IN ('QUEUED', 'RUNNING');
  `,
  // 7: slots skipped by the overlap policy are counted on the schedule (one SKIPPED run per streak).
  `
  ALTER TABLE schedules ADD COLUMN skipped_runs INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE schedules ADD COLUMN last_skipped_at INTEGER;
  `,
  // 8: a claim reads each org's due jobs in claim order (orgs take turns: domain/org-turns.ts); the
  // index carries the type, so the read needs no row lookup. It replaces the claim index across orgs.
  // Fewer index writes per status change: the due index holds delayed jobs only (a job due when it
  // was made is never "next due" later), and retention reads finished jobs per org from
  // jobs_org_finished instead of an index of its own.
  `
  DROP INDEX jobs_claim;
  CREATE INDEX jobs_org_claim ON jobs (org_id, priority DESC, run_at, id, type) WHERE status = 'QUEUED';
  DROP INDEX jobs_due;
  CREATE INDEX jobs_delayed ON jobs (run_at) WHERE status = 'QUEUED' AND run_at > created_at;
  DROP INDEX jobs_finished;
  `,
  // 9: durable steps and waits. A WAITING job's wake_at (its wait's timeout) is the only thing kept
  // for it in a due-time index; steps and waits are keyed by job and name. Kept signals wait for
  // their wait; events are found by org, name and key, and purged when they expire. LLM calls record
  // the step they were made in.
  `
  ALTER TABLE jobs ADD COLUMN wake_at INTEGER;
  CREATE INDEX jobs_waiting_wake ON jobs (wake_at) WHERE status = 'WAITING' AND wake_at IS NOT NULL;
  ALTER TABLE llm_calls ADD COLUMN step TEXT;

  CREATE TABLE job_steps (
    job_id TEXT NOT NULL,
    name TEXT NOT NULL,
    org_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    result TEXT,
    error TEXT,
    seq INTEGER NOT NULL,
    PRIMARY KEY (job_id, name)
  ) WITHOUT ROWID;

  CREATE TABLE job_waits (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    job_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    event_name TEXT,
    event_key TEXT,
    prompt TEXT,
    data TEXT,
    created_at INTEGER NOT NULL,
    timeout_at INTEGER,
    resolved_at INTEGER,
    resolution TEXT,
    timed_out INTEGER NOT NULL DEFAULT 0,
    event_id TEXT,
    callback_token TEXT
  );
  CREATE UNIQUE INDEX job_waits_job_name ON job_waits (job_id, name);
  CREATE UNIQUE INDEX job_waits_callback ON job_waits (callback_token) WHERE callback_token IS NOT NULL;
  CREATE INDEX job_waits_open_events ON job_waits (org_id, event_name, event_key) WHERE kind = 'EVENT' AND resolved_at IS NULL;

  CREATE TABLE job_signals (
    job_id TEXT NOT NULL,
    name TEXT NOT NULL,
    org_id TEXT NOT NULL,
    data TEXT,
    at INTEGER NOT NULL,
    PRIMARY KEY (job_id, name)
  ) WITHOUT ROWID;

  CREATE TABLE wait_events (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT,
    data TEXT,
    at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX wait_events_match ON wait_events (org_id, name, key, at);
  CREATE INDEX wait_events_expiry ON wait_events (expires_at);
  `,
  // 10: counts that do not scan. job_counts holds the number of jobs per org, status and type, kept
  // by the jobs repository in the same transaction as every insert, status change and delete
  // (sqlite/job-counts.ts says why not by triggers), so totalCount and queue stats read a few rows.
  // Rows that reach 0 stay (a handful per type); readers skip them.
  `
  CREATE TABLE job_counts (
    org_id TEXT NOT NULL,
    status TEXT NOT NULL,
    type TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (org_id, status, type)
  ) WITHOUT ROWID;
  INSERT INTO job_counts (org_id, status, type, n) SELECT org_id, status, type, COUNT(*) FROM jobs GROUP BY org_id, status, type;
  `,
  // 11: what calls cost: a job keeps the token that enqueued it (TOKEN budgets); each call keeps the price it was charged (JSON) and its cost in micro-dollars,
  // its reasoning tokens and its job's schedule (costs are summed per schedule); prices set through
  // the API (every version kept); budgets, with the spent and held sums of their current period.
  `
  ALTER TABLE jobs ADD COLUMN created_by_token TEXT;
  ALTER TABLE llm_calls ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE llm_calls ADD COLUMN schedule_id TEXT;
  ALTER TABLE llm_calls ADD COLUMN price TEXT;
  ALTER TABLE llm_calls ADD COLUMN cost_micros INTEGER;
  CREATE INDEX llm_calls_schedule ON llm_calls (schedule_id) WHERE schedule_id IS NOT NULL;

  CREATE TABLE model_prices (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id TEXT NOT NULL,
    key TEXT NOT NULL,
    effective_from INTEGER NOT NULL,
    price TEXT NOT NULL
  );
  CREATE INDEX model_prices_org_key ON model_prices (org_id, key, effective_from, seq);

  CREATE TABLE budgets (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    target TEXT,
    period TEXT NOT NULL,
    limit_micros INTEGER NOT NULL,
    action TEXT NOT NULL,
    thresholds TEXT NOT NULL,
    period_start INTEGER NOT NULL,
    spent_micros INTEGER NOT NULL DEFAULT 0,
    reserved_micros INTEGER NOT NULL DEFAULT 0,
    alerted INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX budgets_org_scope ON budgets (org_id, scope, COALESCE(target, ''), period);
  `,
  // 12: per-minute rollups of finished jobs for the metrics (domain/metrics-rollup.ts), and each org's
  // mark: its jobs finished before it are rolled.
  `
  CREATE TABLE metric_marks (org_id TEXT PRIMARY KEY, rolled_until INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE metric_type_minutes (
    org_id TEXT NOT NULL,
    minute INTEGER NOT NULL,
    type TEXT NOT NULL,
    succeeded INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    durations TEXT NOT NULL,
    PRIMARY KEY (org_id, minute, type)
  ) WITHOUT ROWID;
  CREATE TABLE metric_schedule_minutes (
    org_id TEXT NOT NULL,
    minute INTEGER NOT NULL,
    schedule_id TEXT NOT NULL,
    triggers INTEGER NOT NULL,
    succeeded INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    durations TEXT NOT NULL,
    PRIMARY KEY (org_id, minute, schedule_id)
  ) WITHOUT ROWID;
  CREATE TABLE metric_depth_minutes (
    org_id TEXT NOT NULL,
    minute INTEGER NOT NULL,
    delta INTEGER NOT NULL,
    PRIMARY KEY (org_id, minute)
  ) WITHOUT ROWID;
  `,
  // 13: cost over time, and holds that can be found. The cost series read this index alone: the
  // columns they need sit after the messages and output in a call's row, which a table read would
  // have to walk past. Each budget hold is kept with its call, job, process and time until it
  // settles, so the hold of a call whose process died can be given back.
  `
  CREATE INDEX llm_calls_org_cost ON llm_calls (org_id, queued_at, provider, model, source, parent_job_id, cost_micros, price IS NULL);
  CREATE TABLE budget_holds (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    budget_ids TEXT NOT NULL,
    amount_micros INTEGER NOT NULL,
    job_id TEXT,
    holder TEXT NOT NULL,
    held_at INTEGER NOT NULL
  );
  CREATE INDEX budget_holds_held_at ON budget_holds (held_at);
  `,
  // 14: the finish order's key as a (virtual, generated) column: SQLite narrows an index range by a
  // row value such as (finished_key, id) < (?, ?) only when its terms are columns, so on the
  // expression index every page and chunk in finish order walked the unfinished jobs from the start.
  `
  ALTER TABLE jobs ADD COLUMN finished_key INTEGER GENERATED ALWAYS AS (COALESCE(finished_at, 0)) VIRTUAL;
  DROP INDEX jobs_org_finished;
  CREATE INDEX jobs_org_finished ON jobs (org_id, finished_key, id);
  `,
  // 15: the job search index (job-search-index.ts), kept by a background indexer, never by the
  // writes of jobs. Trigram tables over lower-cased text: the type and payload of every indexed job
  // (they never change), the errors of indexed finished jobs (final once finished). Each indexed job's
  // rowid and id, whether it was unfinished when indexed (its errors may still grow), and the mark: the
  // jobs up to that rowid are indexed.
  `
  CREATE VIRTUAL TABLE job_search_head USING fts5(type, payload, tokenize = 'trigram case_sensitive 1',
    content = '', contentless_delete = 1, detail = 'full');
  CREATE VIRTUAL TABLE job_search_errors USING fts5(errors, tokenize = 'trigram case_sensitive 1',
    content = '', contentless_delete = 1, detail = 'full');
  CREATE TABLE job_search_docs (job_rowid INTEGER PRIMARY KEY, job_id TEXT NOT NULL, pending INTEGER NOT NULL);
  CREATE INDEX job_search_docs_pending ON job_search_docs (job_rowid) WHERE pending = 1;
  CREATE TABLE job_search_mark (one INTEGER PRIMARY KEY CHECK (one = 1), indexed_to INTEGER NOT NULL);
  INSERT INTO job_search_mark (one, indexed_to) VALUES (1, 0);
  `,
  // 16: no index of lease times. Every claim wrote it, every outcome and heartbeat rewrote it, for
  // lease recovery's look every few seconds at the few RUNNING jobs, which finds them org by org on
  // (org, status) instead (jobs.ts).
  `
  DROP INDEX jobs_leases;
  `,
  // 17: the search index's settling mark is kept with its other mark, so a restarted process's first
  // walk starts where the last one ended instead of reading every finished job again (4-7 s of CPU
  // on a store of a million jobs).
  `
  ALTER TABLE job_search_mark ADD COLUMN settled_through INTEGER NOT NULL DEFAULT 0;
  `,
  // 18: no index of each org's jobs in created order. Every enqueue wrote it (about a tenth of an
  // enqueue's time: each index is a page or more in the WAL per commit); lists in created order
  // merge the status index's ranges instead (job-list.ts).
  `
  DROP INDEX jobs_org_created;
  `,
  // 19: the finish-order index holds the finished jobs only. Every enqueue wrote an entry for a job
  // that had not finished (as 0), and every finish moved it; the unfinished jobs are the QUEUED,
  // RUNNING and WAITING ranges of the status index, which lists in finish order walk beside it.
  `
  DROP INDEX jobs_org_finished;
  CREATE INDEX jobs_org_finished ON jobs (org_id, finished_key, id) WHERE finished_at IS NOT NULL;
  `,
  // 20: the priority index holds the jobs of non-zero priority only (most jobs have priority 0, and
  // every enqueue wrote it); lists in priority order read the zero band in created order from the
  // status index's ranges.
  `
  DROP INDEX jobs_org_priority;
  CREATE INDEX jobs_org_priority ON jobs (org_id, priority, created_at, id) WHERE priority <> 0;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > SCHEMA_VERSION) {
    throw new Error(
      `the database is at schema version ${from}, newer than this jobcenter (${SCHEMA_VERSION}); upgrade jobcenter`,
    );
  }
  for (let version = from; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return { from, to: SCHEMA_VERSION };
}
