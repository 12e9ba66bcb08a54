/**
 * The change feed: typed events a store announces after each committed write, plus live events that
 * are not written on every call (progress between coalesced writes). Consumers are the executor (wake
 * up, cancel), the API's subscriptions and metrics. Listeners are called synchronously, in order; a
 * listener that throws is reported and does not stop the others.
 */
import type { LlmCall } from './llm/types.js';
import type { Alert, Schedule, ScheduleRun } from './schedules/types.js';
import type { Job, JobLog } from './types.js';

export type ChangeEvent =
  | { kind: 'job.created'; job: Job }
  /** A stored change of a job's state: status, cancel request, result, lease recovery (checkpoint and
   * coalesced progress writes are not announced). */
  | { kind: 'job.updated'; job: Job }
  /** Progress reported by a handler; announced at once, stored coalesced. */
  | { kind: 'job.progress'; job: Job }
  /** `job` is the job as it was when deleted, where the store can tell. */
  | { kind: 'job.deleted'; jobId: string; orgId: string; job?: Job }
  | { kind: 'job.log'; log: JobLog }
  | { kind: 'llm.created'; call: LlmCall }
  | { kind: 'llm.updated'; call: LlmCall }
  | { kind: 'schedule.created'; schedule: Schedule }
  | { kind: 'schedule.updated'; schedule: Schedule }
  | { kind: 'schedule.deleted'; scheduleId: string; orgId: string }
  | { kind: 'run.created'; run: ScheduleRun }
  | { kind: 'run.updated'; run: ScheduleRun }
  /** An alert raised, or closed (acknowledged by a user, or resolved by the watchdog). */
  | { kind: 'alert.raised'; alert: Alert }
  | { kind: 'alert.updated'; alert: Alert };

export type ChangeListener = (event: ChangeEvent) => void;

export class ChangeFeed {
  readonly #listeners = new Set<ChangeListener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = (error) => console.error('change listener failed', error)) {
    this.#onListenerError = onListenerError;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: ChangeEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
