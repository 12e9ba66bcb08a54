/** Waiting on the change feed (and, where no event exists, on a condition) without fixed sleeps. */
import type { ChangeFeed } from '../../src/engine/store/change-feed.js';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import type { Job } from '../../src/engine/domain/types.js';

export interface WaitOptions {
  timeoutMs?: number;
  /** Named in the timeout error. */
  label?: string;
}

/**
 * Resolves with the first event that matches, or rejects after the timeout. Subscribe before the
 * action that should cause the event: `const ev = awaitEvent(...); await action(); await ev;`.
 */
export function awaitEvent<E extends ChangeEvent>(
  feed: ChangeFeed,
  match: (event: ChangeEvent) => event is E,
  options?: WaitOptions,
): Promise<E>;
export function awaitEvent(feed: ChangeFeed, match: (event: ChangeEvent) => boolean, options?: WaitOptions): Promise<ChangeEvent>;
export function awaitEvent(
  feed: ChangeFeed,
  match: (event: ChangeEvent) => boolean,
  { timeoutMs = 10_000, label = 'a matching change event' }: WaitOptions = {},
): Promise<ChangeEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}`));
    }, timeoutMs);
    const unsubscribe = feed.subscribe((event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event);
    });
  });
}

/** The first job.created / job.updated event of this job whose job matches. */
export async function awaitJob(
  feed: ChangeFeed,
  jobId: string,
  match: (job: Job) => boolean,
  options: WaitOptions = {},
): Promise<Job> {
  const event = await awaitEvent(
    feed,
    (e): e is Extract<ChangeEvent, { kind: 'job.created' | 'job.updated' }> =>
      (e.kind === 'job.created' || e.kind === 'job.updated') && e.job.id === jobId && match(e.job),
    { label: `job ${jobId} to match`, ...options },
  );
  return event.job;
}

/** Records every event from now on. */
export function recordEvents(feed: ChangeFeed): {
  events: ChangeEvent[];
  stop(): void;
  /** Resolves once at least `count` events were recorded. */
  waitForCount(count: number, options?: WaitOptions): Promise<ChangeEvent[]>;
  /** Resolves once the recorded events satisfy `done` (e.g. a sentinel write was announced). */
  waitFor(done: (events: ChangeEvent[]) => boolean, options?: WaitOptions): Promise<ChangeEvent[]>;
} {
  const events: ChangeEvent[] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = feed.subscribe((event) => {
    events.push(event);
    for (const waiter of waiters) waiter();
  });
  return {
    events,
    stop: unsubscribe,
    waitForCount(count, options = {}) {
      return this.waitFor((all) => all.length >= count, { ...options, label: options.label ?? `${count} events` });
    },
    waitFor(done, { timeoutMs = 10_000, label } = {}) {
      if (done(events)) return Promise.resolve(events);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done(events)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(events);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label ?? 'the events'} (got ${events.length})`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
  };
}

/** Polls a condition that no event announces (e.g. an executor's in-memory count). */
export async function until(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 10_000, intervalMs = 10, label = 'a condition' }: WaitOptions & { intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The promise's value, or a rejection if it takes longer than `timeoutMs`. */
export function within<T>(promise: Promise<T>, timeoutMs: number, label = 'a promise'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
