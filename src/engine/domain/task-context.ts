/** What a task handler receives: its input, its job, and the tools to report and stop. */
import type { ChatInput, ChatResponse } from './llm-call.js';
import type { TaskSettings } from './task-settings.js';
import type { Approval } from './job-wait.js';
import type { Job, LogLevel } from './types.js';

export interface TaskLogger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

export interface SpawnOptions {
  priority?: number;
  delayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  /** Defaults to one derived from the parent and the spawn's position, so a retried parent does not
   * spawn its children twice. */
  idempotencyKey?: string;
}

/**
 * Model calls made for this job: rate-limited, retried on 429/5xx, recorded with the job as their
 * parent, and cancelled with the job.
 */
export interface TaskLlm {
  /** `{ model, messages, provider?, ...params }`; resolves with the whole answer. */
  chat(input: ChatInput): Promise<ChatResponse>;
  /** The same, as a stream of text pieces; `result` resolves with the whole answer. */
  stream(input: ChatInput): AsyncIterable<string> & { result: Promise<ChatResponse> };
}

export interface WaitOptions {
  /** How long to wait; past it the wait throws WaitTimeoutError. None: wait as long as it takes. */
  timeoutMs?: number;
}

export interface ApprovalOptions extends WaitOptions {
  /** What the approver is asked. */
  prompt?: string;
  /** Shown with the prompt (JSON). */
  data?: unknown;
}

export interface EventWaitOptions extends WaitOptions {
  /** Only an event with this key resumes the wait (e.g. a ticket id); none: events without a key. */
  key?: string;
  /** The wait's name in the job (default: the event's name); a job that waits for one event twice names each. */
  name?: string;
}

export interface TaskContext<Input = unknown, Checkpoint = unknown> {
  /** The payload, parsed by the task's schema. */
  readonly input: Input;
  /** The job as claimed for this attempt. */
  readonly job: Readonly<Job>;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Aborts on cancel, timeout or shutdown; `signal.reason` says which. Pass it to fetch and friends. */
  readonly signal: AbortSignal;
  /** Stable across attempts: delivery is at-least-once, so use it to make side effects idempotent. */
  readonly idempotencyKey: string;
  /** The state saved by `checkpoint()` in an earlier attempt (or carried by a retry), if any. */
  readonly lastCheckpoint: Checkpoint | undefined;
  /** Reports progress (0-100). Subscribers see every call; the store gets them coalesced. */
  progress(percent: number, message?: string, data?: unknown): void;
  readonly log: TaskLogger;
  /** Saves where the task got to; the next attempt starts with it as `lastCheckpoint`. */
  checkpoint(state: Checkpoint): Promise<void>;
  /** Enqueues a child job of this job. */
  spawn(type: string, payload: unknown, options?: SpawnOptions): Promise<Job>;
  /** Resolves when every child of this job has finished, with the children. */
  waitForChildren(): Promise<Job[]>;
  readonly llm: TaskLlm;
  /** The server's settings for tasks (frozen), e.g. which addresses outbound HTTP may reach. */
  readonly settings: TaskSettings;
  /**
   * Runs `fn` once and stores its result (JSON) when it succeeds. When the job runs again (a retry, a
   * resume after a wait), the stored result comes back without running `fn`. Names are unique in a job.
   */
  step<T>(name: string, fn: () => Promise<T> | T): Promise<T>;
  /**
   * Waits for a signal of this name (`signalJob`, or the wait's callback URL): the job becomes WAITING
   * and leaves the process; it runs again from the top when the signal comes, and this returns its data.
   */
  waitForSignal<T = unknown>(name: string, options?: WaitOptions): Promise<T>;
  /** Waits for a person's decision (`approveJob`). */
  waitForApproval(name: string, options?: ApprovalOptions): Promise<Approval>;
  /** Waits for an event of the org (`sendEvent`) with this name and key; returns its data. */
  waitForEvent<T = unknown>(eventName: string, options?: EventWaitOptions): Promise<T>;
  /** Sleeps without holding a slot: the job is WAITING until then. */
  sleep(name: string, ms: number): Promise<void>;
  sleepUntil(name: string, at: Date | number): Promise<void>;
}

export type { LogLevel };
