/**
 * Long reads off the event loop. The store has one connection, and a read on it runs on the thread
 * that serves every request: the metrics window over an org's queue reads each unfinished job
 * (about 60 ms at the default quota of 100,000 queued jobs), and every other request waits that long.
 * Here a worker thread with its own read-only connection runs a set of statements in one read
 * transaction, so they see one snapshot (what was committed when it began), as they did on the
 * store's connection, while the loop goes on.
 *
 * The thread starts with the first read and runs one at a time; waiting reads take turns by owner
 * (the metrics window's org), so one org's long reads do not hold another's behind them. An
 * in-memory store (no file to share), or a thread that failed, reads on the store's connection
 * instead, with the same answers.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Statements } from './statements.js';

/** One statement of a read: its rows (`all`), or its first row (`get`). */
export interface OffThreadRead {
  sql: string;
  /** Positional values, or an object of named ones. */
  params: unknown[] | Record<string, unknown>;
  get?: boolean;
}

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
const prepare = (sql) => {
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
};
const bind = (params) => (Array.isArray(params) ? params : [params]);
const read = db.transaction((reads) => reads.map((r) => (r.get ? prepare(r.sql).get(...bind(r.params)) : prepare(r.sql).all(...bind(r.params)))));
parentPort.on('message', ({ reads }) => {
  try {
    parentPort.postMessage({ rows: read(reads) });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface Pending {
  reads: OffThreadRead[];
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
}

/** How many reads ran on the thread (tests check that the thread answered). */
export const offThreadCounts = { reads: 0 };

/**
 * The thread runs one read at a time, and the reads waiting for it take turns by owner (an org):
 * an org that asks for many long reads waits behind its own, while another org's read goes next.
 */
export class OffThreadReads {
  #worker: Worker | undefined;
  #failed: boolean;
  /** Waiting reads by owner, owners in the order of their turns. */
  readonly #waiting = new Map<string, Pending[]>();
  #running: Pending | undefined;
  #lastOwner: string | undefined;

  constructor(
    private readonly file: string,
    private readonly inline: Statements,
  ) {
    this.#failed = file === ':memory:';
  }

  /** Each read's rows (or row), all from one snapshot; `owner`'s reads take turns with other owners'. */
  async run(reads: OffThreadRead[], owner = ''): Promise<unknown[]> {
    if (!this.#start()) return this.#runInline(reads);
    return new Promise<unknown[]>((resolve, reject) => {
      const queue = this.#waiting.get(owner);
      if (queue) queue.push({ reads, resolve, reject });
      else this.#waiting.set(owner, [{ reads, resolve, reject }]);
      this.#next();
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failed = true;
    for (const p of this.#takeAll()) p.reject(new Error('the store is closed'));
    if (worker) await worker.terminate();
  }

  /**
   * Posts the oldest read of the next owner in turn, unless one is running. The owner served last
   * goes behind every owner waiting now.
   */
  #next(): void {
    const worker = this.#worker;
    if (this.#running || !worker) return;
    const last = this.#lastOwner === undefined ? undefined : this.#waiting.get(this.#lastOwner);
    if (last) {
      this.#waiting.delete(this.#lastOwner!);
      this.#waiting.set(this.#lastOwner!, last);
    }
    const first = this.#waiting.entries().next();
    if (first.done) return void worker.unref();
    const [owner, queue] = first.value;
    this.#running = queue.shift()!;
    if (queue.length === 0) this.#waiting.delete(owner);
    this.#lastOwner = owner;
    worker.ref();
    worker.postMessage({ reads: this.#running.reads });
  }

  #runInline(reads: OffThreadRead[]): unknown[] {
    const bind = (params: OffThreadRead['params']) => (Array.isArray(params) ? params : [params]);
    return this.inline.db.transaction(() =>
      reads.map((r) => (r.get ? this.inline.get(r.sql).get(...bind(r.params)) : this.inline.get(r.sql).all(...bind(r.params)))),
    )();
  }

  #start(): Worker | undefined {
    if (this.#worker || this.#failed) return this.#worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, { eval: true, workerData: { file: this.file, driver } });
    // Only a read under way keeps the process alive.
    worker.unref();
    worker.on('message', (reply: { rows?: unknown[]; error?: string }) => {
      const done = this.#running;
      this.#running = undefined;
      if (done) {
        if (reply.error !== undefined) done.reject(new Error(reply.error));
        else {
          offThreadCounts.reads += 1;
          done.resolve(reply.rows!);
        }
      }
      this.#next();
    });
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', () => this.#fail(new Error('the read thread stopped')));
    this.#worker = worker;
    return worker;
  }

  /** A thread that fails is not started again; what it had pending is read on the store's connection. */
  #fail(error: Error): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#worker = undefined;
    for (const p of this.#takeAll()) {
      try {
        p.resolve(this.#runInline(p.reads));
      } catch (inlineError) {
        p.reject(inlineError instanceof Error ? inlineError : error);
      }
    }
  }

  /** The read under way and every waiting one, in their order. */
  #takeAll(): Pending[] {
    const all = [...(this.#running ? [this.#running] : []), ...[...this.#waiting.values()].flat()];
    this.#running = undefined;
    this.#waiting.clear();
    return all;
  }
}
