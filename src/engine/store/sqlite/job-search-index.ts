/**
 * The job search index on SQLite (migration 15), brought up to date by a background indexer a chunk
 * at a time, never by the writes of jobs: a row trigger on `jobs` (or index writes in each enqueue)
 * cost the queue about 60 µs per job.
 *
 * What it holds:
 * - `job_search_head`: the lower-cased type and payload of every job up to the mark (by rowid,
 *   insertion order). Both never change, so a job is indexed once.
 * - `job_search_errors`: the lower-cased errors of jobs that were finished when looked at. Errors only
 *   grow while a job is unfinished (a failed attempt, a retry, a recovery), so a finished job's errors
 *   are final.
 * - `job_search_docs`: each indexed job's rowid and id, and `pending` while it was unfinished when last
 *   looked at: a search reads a pending job's errors row by row, and the indexer indexes them once the
 *   job has finished.
 * - `job_search_mark`: jobs up to this rowid have been indexed; and `settled_through`, the latest
 *   finish time a whole settling walk has covered (kept with the index, so a restarted process goes on
 *   from there).
 *
 * Rowids of deleted jobs can be given again to new jobs once every job above them is gone (SQLite
 * takes the largest rowid plus one). So the mark a search trusts is the highest job at or below the
 * stored mark whose indexed id is still its own (`indexedTo`): new jobs always sit above every job
 * still indexed, so every job at or below that mark is indexed as itself. Deleted jobs' rows are
 * dropped as the indexer sweeps the docs; until then a search joins back to `jobs` and never sees them.
 */
import { FINISHED_STATUSES } from '../../domain/types.js';
import type { JobSearchIndexRepository } from '../port.js';
import type { Statements } from './statements.js';

const FINISHED = new Set<string>(FINISHED_STATUSES);

/** The indexed form of a text: lower-cased as the row-by-row test does (jc_contains). */
export const searchable = (text: string): string => text.toLowerCase();

const SQL = {
  mark: 'SELECT indexed_to AS at FROM job_search_mark WHERE one = 1',
  setMark: 'UPDATE job_search_mark SET indexed_to = ? WHERE one = 1',
  settledThrough: 'SELECT settled_through AS at FROM job_search_mark WHERE one = 1',
  setSettledThrough: 'UPDATE job_search_mark SET settled_through = MAX(settled_through, ?) WHERE one = 1',
  // Existing jobs at or below a rowid, newest first, and whether each is indexed as itself.
  walk: `SELECT j.rowid AS r, COALESCE(d.job_id = j.id, 0) AS same FROM jobs j
    LEFT JOIN job_search_docs d ON d.job_rowid = j.rowid WHERE j.rowid <= ? ORDER BY j.rowid DESC LIMIT ?`,
  newJobs: 'SELECT rowid AS r, id, type, status, payload, errors FROM jobs WHERE rowid > ? ORDER BY rowid LIMIT ?',
  docsIn: 'SELECT job_rowid AS r FROM job_search_docs WHERE job_rowid > ? AND job_rowid <= ?',
  addHead: 'INSERT INTO job_search_head (rowid, type, payload) VALUES (?, ?, ?)',
  addErrors: 'INSERT INTO job_search_errors (rowid, errors) VALUES (?, ?)',
  addDoc: 'INSERT OR REPLACE INTO job_search_docs (job_rowid, job_id, pending) VALUES (?, ?, ?)',
  settle: 'UPDATE job_search_docs SET pending = 0 WHERE job_rowid = ?',
  dropHead: 'DELETE FROM job_search_head WHERE rowid = ?',
  dropErrors: 'DELETE FROM job_search_errors WHERE rowid = ?',
  dropDoc: 'DELETE FROM job_search_docs WHERE job_rowid = ?',
  // Settling walks the jobs that finished since the last walk, org by org on jobs_org_finished (org,
  // finished_key, id; the finished jobs only),
  // a window at a time, and reads back only those whose doc is pending: never every pending doc (a
  // queue of a million jobs is a million of them).
  orgs: 'SELECT DISTINCT org_id AS org FROM job_counts ORDER BY org_id',
  // The last of the next `?` finished jobs after a key, and how many there are (fewer: the org's end).
  finishedWindow: `SELECT k, id, COUNT(*) OVER () AS n FROM (SELECT finished_key AS k, id FROM jobs
    WHERE org_id = ? AND finished_at IS NOT NULL AND (finished_key, id) > (?, ?) ORDER BY finished_key, id LIMIT ?)
    ORDER BY k DESC, id DESC LIMIT 1`,
  finishedPending: `SELECT j.rowid AS r, j.errors FROM jobs j JOIN job_search_docs d ON d.job_rowid = j.rowid
    WHERE j.org_id = ? AND j.finished_at IS NOT NULL AND (j.finished_key, j.id) > (?, ?) AND (j.finished_key, j.id) <= (?, ?)
      AND d.pending = 1 AND d.job_id = j.id`,
  sweepWindow: `SELECT COUNT(*) AS n, MAX(r) AS last FROM (SELECT job_rowid AS r FROM job_search_docs
    WHERE job_rowid > ? ORDER BY job_rowid LIMIT ?)`,
  sweepGone: `SELECT d.job_rowid AS r FROM job_search_docs d LEFT JOIN jobs j ON j.rowid = d.job_rowid
    WHERE d.job_rowid > ? AND d.job_rowid <= ? AND (j.id IS NULL OR j.id <> d.job_id)`,
};

/** Jobs looked at per statement when finding the trusted mark. */
const WALK = 100;

/**
 * Rows a step walks (finished jobs when settling, docs when sweeping) per job it may index: looking at
 * one costs a small part of indexing a job.
 */
const DOCS_PER_JOB = 10;

/**
 * How far back in finish time each settling walk starts before the latest finish the last one saw:
 * an outcome's time is taken just before its transaction commits, so one committed after a walk
 * passed its org may carry a slightly earlier time.
 */
const SETTLE_MARGIN_MS = 30_000;

/** A settling walk in progress: the orgs to walk, where it stands, and the latest finish it saw. */
interface SettleWalk {
  /** The key each org's walk starts after: just before the first finish time it covers. */
  start: [number, string];
  orgs: string[];
  org: number;
  after: [number, string];
  latest: number;
}

/**
 * The rowid up to which every job is indexed as itself: the stored mark, or lower when jobs at its
 * top were deleted and their rowids given to new jobs.
 */
export function indexedTo(s: Statements): number {
  let from = (s.get(SQL.mark).get() as { at: number }).at;
  for (;;) {
    const rows = s.get(SQL.walk).all(from, WALK) as Array<{ r: number; same: number }>;
    const found = rows.find((row) => row.same === 1);
    if (found) return found.r;
    if (rows.length < WALK) return 0;
    from = rows[rows.length - 1]!.r - 1;
  }
}

interface NewJobRow {
  r: number;
  id: string;
  type: string;
  status: string;
  payload: string;
  errors: string;
}

export class SqliteJobSearchIndex implements JobSearchIndexRepository {
  /** The settling walk in progress, if one is. */
  #walk: SettleWalk | undefined;
  /** Where the next sweep starts (a rowid; from 0 again at the end). */
  #sweepFrom = 0;

  constructor(private readonly s: Statements) {}

  async step(maxJobs: number): Promise<{ indexed: number; done: boolean }> {
    return this.s.db.transaction(() => {
      const added = this.#indexNew(maxJobs);
      const settled = this.#settlePending(maxJobs);
      this.#sweep(maxJobs);
      return { indexed: added.indexed + settled.indexed, done: added.done && settled.done };
    })();
  }

  /** Indexes the jobs after the trusted mark, in rowid order, and moves the mark past them. */
  #indexNew(maxJobs: number): { indexed: number; done: boolean } {
    const from = indexedTo(this.s);
    const rows = this.s.get(SQL.newJobs).all(from, maxJobs) as NewJobRow[];
    if (rows.length === 0) {
      this.s.get(SQL.setMark).run(from);
      return { indexed: 0, done: true };
    }
    const last = rows[rows.length - 1]!.r;
    // Rows left above a lowered mark belonged to jobs since deleted: replaced here.
    for (const { r } of this.s.get(SQL.docsIn).all(from, last) as Array<{ r: number }>) this.#drop(r);
    for (const row of rows) {
      this.s.get(SQL.addHead).run(row.r, searchable(row.type), searchable(row.payload));
      const finished = FINISHED.has(row.status);
      if (finished) this.#addErrors(row.r, row.errors);
      this.s.get(SQL.addDoc).run(row.r, row.id, finished ? 0 : 1);
    }
    this.s.get(SQL.setMark).run(last);
    return { indexed: rows.length, done: rows.length < maxJobs };
  }

  /**
   * Indexes the errors of pending jobs that have finished since the last walk (a job's errors are
   * final once it has finished). A store's first walk covers every finished job; a walk's end is
   * stored in the same transaction as its last settling, so whichever process walks next starts there.
   */
  #settlePending(maxJobs: number): { indexed: number; done: boolean } {
    const walk = (this.#walk ??= this.#startWalk());
    let budget = maxJobs * DOCS_PER_JOB;
    let indexed = 0;
    while (budget > 0 && walk.org < walk.orgs.length) {
      const org = walk.orgs[walk.org]!;
      const [afterKey, afterId] = walk.after;
      const window = this.s.get(SQL.finishedWindow).get(org, afterKey, afterId, budget) as { k: number; id: string; n: number } | undefined;
      if (window) {
        const rows = this.s.get(SQL.finishedPending).all(org, afterKey, afterId, window.k, window.id) as Array<{ r: number; errors: string }>;
        for (const row of rows) {
          this.#addErrors(row.r, row.errors);
          this.s.get(SQL.settle).run(row.r);
          indexed++;
        }
        walk.latest = Math.max(walk.latest, window.k);
      }
      if (window && window.n === budget) {
        walk.after = [window.k, window.id];
        budget = 0;
      } else {
        // Fewer than the budget were left: the org is done.
        walk.org++;
        walk.after = walk.start;
        budget -= (window?.n ?? 0) + 1;
      }
    }
    if (walk.org < walk.orgs.length) return { indexed, done: false };
    this.s.get(SQL.setSettledThrough).run(walk.latest);
    this.#walk = undefined;
    return { indexed, done: true };
  }

  /** A walk from a margin before the latest finish the last whole walk covered (from the start on a new store). */
  #startWalk(): SettleWalk {
    const through = (this.s.get(SQL.settledThrough).get() as { at: number }).at;
    const since = through > 0 ? Math.max(1, through - SETTLE_MARGIN_MS) : 1;
    // Keys are (finished_key, id) and ids are ASCII: after (since - 1, U+FFFF) is from `since` on.
    const start: [number, string] = [since - 1, '\uffff'];
    return { start, orgs: (this.s.get(SQL.orgs).all() as Array<{ org: string }>).map((o) => o.org), org: 0, after: start, latest: through };
  }

  /** Drops the rows of deleted jobs, a window of docs per step, round and round. */
  #sweep(maxJobs: number): void {
    const window = this.s.get(SQL.sweepWindow).get(this.#sweepFrom, maxJobs * DOCS_PER_JOB) as { n: number; last: number | null };
    if (window.n > 0) for (const { r } of this.s.get(SQL.sweepGone).all(this.#sweepFrom, window.last) as Array<{ r: number }>) this.#drop(r);
    this.#sweepFrom = window.n < maxJobs * DOCS_PER_JOB ? 0 : window.last!;
  }

  #addErrors(rowid: number, errors: string): void {
    // No error, nothing a search term of three or more characters could find.
    if (errors !== '[]') this.s.get(SQL.addErrors).run(rowid, searchable(errors));
  }

  #drop(rowid: number): void {
    this.s.get(SQL.dropHead).run(rowid);
    this.s.get(SQL.dropErrors).run(rowid);
    this.s.get(SQL.dropDoc).run(rowid);
  }
}
