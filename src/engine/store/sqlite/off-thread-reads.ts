/**
 * Long reads off the event loop. The store has one connection, and a read on it runs on the thread
 * that serves every request: the metrics window over an org's queue reads each unfinished job
 * (about 60 ms at the default quota of 100,000 queued jobs), and every other request waits that long.
 * Here a worker thread with its own read-only connection runs a set of statements in one read
 * transaction, so they see one snapshot (what was committed when it began), as they did on the
 * store's connection, while the loop goes on.
 *
 * The thread starts with the first read. An in-memory store (no file to share), or a thread that
 * failed, reads on the store's connection instead, with the same answers.
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
parentPort.on('message', ({ id, reads }) => {
  try {
    parentPort.postMessage({ id, rows: read(reads) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
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

export class OffThreadReads {
  #worker: Worker | undefined;
  #failed: boolean;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  constructor(
    private readonly file: string,
    private readonly inline: Statements,
  ) {
    this.#failed = file === ':memory:';
  }

  /** Each read's rows (or row), all from one snapshot. */
  async run(reads: OffThreadRead[]): Promise<unknown[]> {
    const worker = this.#start();
    if (!worker) return this.#runInline(reads);
    const id = this.#nextId++;
    return new Promise<unknown[]>((resolve, reject) => {
      this.#pending.set(id, { reads, resolve, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ id, reads });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failed = true;
    for (const p of this.#takePending()) p.reject(new Error('the store is closed'));
    if (worker) await worker.terminate();
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
    // Only a pending read keeps the process alive.
    worker.unref();
    worker.on('message', (reply: { id: number; rows?: unknown[]; error?: string }) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      if (reply.error !== undefined) return pending.reject(new Error(reply.error));
      offThreadCounts.reads += 1;
      pending.resolve(reply.rows!);
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
    for (const p of this.#takePending()) {
      try {
        p.resolve(this.#runInline(p.reads));
      } catch (inlineError) {
        p.reject(inlineError instanceof Error ? inlineError : error);
      }
    }
  }

  #takePending(): Pending[] {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    return pending;
  }
}
