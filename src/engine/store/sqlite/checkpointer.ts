/**
 * WAL checkpoints off the commit path. SQLite's automatic checkpoint runs inside the commit that
 * crosses its threshold, and (with synchronous=NORMAL) syncs the database file there: a few ms that
 * land on one unlucky enqueue or claim. Instead the store turns it off, and once the WAL file has
 * grown past a size, a worker thread with its own connection runs a PASSIVE checkpoint every
 * CHECKPOINT_EVERY_MS, which never blocks the writer (a short-lived store never starts the thread).
 * If the worker cannot run, the store falls back to SQLite's own checkpoints.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The WAL size that asks for a checkpoint (SQLite's own default is 1,000 pages of 4 KiB). */
export const CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024;
const CHECK_EVERY_MS = 250;
export const CHECKPOINT_EVERY_MS = 200;

const WORKER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
`;

export class Checkpointer {
  readonly #timer: NodeJS.Timeout;
  #worker: Worker | undefined;
  #failed = false;

  constructor(
    private readonly file: string,
    /** Turns SQLite's own checkpoints back on (the worker could not run). */
    private readonly fallback: () => void,
  ) {
    this.#timer = setInterval(() => this.#check(), CHECK_EVERY_MS);
    this.#timer.unref();
  }

  #check(): void {
    if (this.#worker || this.#failed) return;
    let size: number;
    try {
      size = fs.statSync(`${this.file}-wal`).size;
    } catch {
      return;
    }
    if (size < CHECKPOINT_WAL_BYTES) return;
    clearInterval(this.#timer);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, { eval: true, workerData: { file: this.file, driver, everyMs: CHECKPOINT_EVERY_MS } });
    worker.unref();
    worker.on('error', () => this.#fail());
    this.#worker = worker;
  }

  #fail(): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#worker = undefined;
    this.fallback();
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }
}
