/**
 * WAL checkpoints off the commit path. SQLite's automatic checkpoint runs inside the commit that
 * crosses its threshold, and (with synchronous=NORMAL) syncs the database file there: a few ms that
 * land on one unlucky enqueue or claim. Instead the store turns it off, and once the WAL file has
 * grown past a size, a worker thread with its own connection runs a PASSIVE checkpoint every
 * CHECKPOINT_EVERY_MS, which never blocks the writer (a short-lived store never starts the thread).
 * If the worker cannot run, the store falls back to SQLite's own checkpoints.
 *
 * A PASSIVE checkpoint copies the frames that exist when it starts; the WAL only starts over when a
 * write begins after a checkpoint that copied every frame. Under writes that never pause, each pass
 * ends behind the writer and the WAL grows without bound (hundreds of MB a minute, and every read
 * then looks pages up in a longer log). So the thread reports how long the log is after each pass,
 * and once it is past RESTART_WAL_BYTES the store's own connection runs a RESTART checkpoint between
 * two of its transactions: the thread has already copied nearly everything, so it copies the last
 * few hundred ms of frames, syncs, and the next write starts the WAL over. It never waits for a lock
 * (busy timeout 0 for that call): when the thread is mid-pass it is tried after the next report.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The WAL size that asks for a checkpoint (SQLite's own default is 1,000 pages of 4 KiB). */
export const CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024;
/** The log length past which the store's connection restarts the WAL (and the file's size limit). */
export const RESTART_WAL_BYTES = 64 * 1024 * 1024;
const CHECK_EVERY_MS = 250;
export const CHECKPOINT_EVERY_MS = 200;

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const pageSize = db.pragma('page_size', { simple: true });
setInterval(() => {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  const logBytes = Math.max(0, result.log) * pageSize;
  // Only a log past the restart size is news: an idle store's thread is not woken five times a second.
  if (logBytes >= workerData.restartBytes) parentPort.postMessage({ busy: result.busy, logBytes });
}, workerData.everyMs);
`;

/** What the store's connection does for the checkpointer. */
export interface CheckpointHooks {
  /** Turns SQLite's own checkpoints back on (the worker could not run). */
  fallback(): void;
  /** Runs a RESTART checkpoint on the store's connection without waiting for a lock. */
  restart(): void;
}

export class Checkpointer {
  readonly #timer: NodeJS.Timeout;
  #worker: Worker | undefined;
  #failed = false;

  constructor(
    private readonly file: string,
    private readonly restartBytes: number,
    private readonly hooks: CheckpointHooks,
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
    const worker = new Worker(WORKER, { eval: true, workerData: { file: this.file, driver, everyMs: CHECKPOINT_EVERY_MS, restartBytes: this.restartBytes } });
    worker.unref();
    worker.on('error', () => this.#fail());
    worker.on('message', (report: { busy: number; logBytes: number }) => {
      if (report.logBytes < this.restartBytes || this.#worker !== worker) return;
      this.hooks.restart();
    });
    this.#worker = worker;
  }

  #fail(): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#worker = undefined;
    this.hooks.fallback();
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }
}
