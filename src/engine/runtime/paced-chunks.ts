/**
 * Background work (search indexing, metrics rollups, retention purges) in chunks sized by the time
 * they hold the event loop. On SQLite a chunk is one synchronous transaction: a fixed 1,000 jobs held
 * every request waiting behind it for 50-200 ms under load (#14). Each chunk here is sized from how
 * long the last one took, so it holds the loop for about `targetMs`, and the loop serves what is
 * waiting between chunks.
 *
 * The time measured is the synchronous part of a step (from the call until it returns its promise):
 * on SQLite that is the whole step; on MongoDB, where the loop is free while a step waits for the
 * server, it is next to nothing and the chunks stay at their largest.
 *
 * Background work gives way under load. Between two chunks the loop gets a turn; when that turn was
 * busy (requests, jobs), the next chunk waits twice as long as the last one held the loop, so the
 * background takes at most about a third of a busy loop and catches up at full speed when it is
 * quiet. After a burst of enqueues the search index has a backlog of seconds of CPU: without this it
 * took half of every turn from the requests that came next (the 90/10 mix in bench/api.ts).
 */
import { yieldToLoop } from '../services/chunked.js';

export interface PaceOptions {
  /** How long one chunk should hold the loop. */
  targetMs?: number;
  /** Items per chunk: the first chunk's, and the bounds. */
  initial: number;
  min: number;
  max: number;
}

/** Loop-holding time a background chunk aims at, unless told otherwise. */
export const DEFAULT_CHUNK_TARGET_MS = 4;

/** A turn between two chunks that took this long means the loop has other work: the next chunk waits. */
export const BUSY_TURN_MS = 1;
/**
 * The longest a chunk waits for a busy loop: high enough that a long chunk (an FTS5 segment merge in
 * a search index step holds the loop 30-80 ms) still waits twice its hold.
 */
const MAX_PAUSE_MS = 250;

/**
 * How long the next chunk waits, given how long the last one held the loop and how long the turn
 * after it took: nothing on a quiet loop, twice the chunk's hold on a busy one.
 */
export function pauseAfter(heldMs: number, turnMs: number): number {
  return turnMs >= BUSY_TURN_MS ? Math.min(heldMs * 2, MAX_PAUSE_MS) : 0;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ChunkPacer {
  #size: number;
  readonly #targetMs: number;

  constructor(private readonly options: PaceOptions) {
    this.#targetMs = options.targetMs ?? DEFAULT_CHUNK_TARGET_MS;
    this.#size = clamp(options.initial, options.min, options.max);
  }

  /** Items for the next chunk. */
  get size(): number {
    return this.#size;
  }

  /**
   * A chunk asked for `size` items, did `count` and held the loop for `ms`: sizes the next one. Too
   * long: as many items as fit the target at this chunk's pace. Under half the target: twice as many,
   * but only after a full chunk (a chunk that ran out of work says nothing about a larger one: a
   * quiet spell must not grow the size that the next burst of work meets).
   */
  took(ms: number, size: number, count: number): void {
    const { min, max } = this.options;
    if (ms > this.#targetMs) this.#size = clamp(Math.floor((Math.min(count, size) * this.#targetMs) / ms), min, max);
    else if (ms < this.#targetMs / 2 && count >= size) this.#size = clamp(size * 2, min, max);
  }
}

/**
 * Runs `step` with the pacer's chunk size until it says it is done (or `stopped()`), yielding the loop
 * between chunks; returns the sum of what the steps counted.
 */
export async function drainPaced(
  pacer: ChunkPacer,
  step: (max: number) => Promise<{ count: number; done: boolean }>,
  stopped: () => boolean = () => false,
): Promise<number> {
  let total = 0;
  for (;;) {
    const size = pacer.size;
    const started = performance.now();
    const pending = step(size);
    const held = performance.now() - started;
    const { count, done } = await pending;
    pacer.took(held, size, count);
    total += count;
    if (done || stopped()) return total;
    // Two hops: the first immediate can run ahead of work queued in the same phase after it (a
    // request turn queued by a socket read), which the second waits for. One hop measured a busy loop
    // as quiet whenever its immediate came first, and chunks then ran back to back with the requests'
    // turns: the search index took 60-75 % of the loop after a burst of batch enqueues.
    const turnStarted = performance.now();
    await yieldToLoop();
    await yieldToLoop();
    const pause = pauseAfter(held, performance.now() - turnStarted);
    if (pause > 0) await sleep(pause);
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
