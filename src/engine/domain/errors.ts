/**
 * Expected errors, each with a stable code. The API turns these into `extensions.code`; anything else
 * is unexpected and masked. Task handlers throw RetryableError / FatalError to steer retries.
 */

export interface Issue {
  /** Where the problem is, e.g. "payload.url" or "first". */
  path: string;
  message: string;
}

export class JobcenterError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class NotFoundError extends JobcenterError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} was not found`);
  }
}

export class ValidationError extends JobcenterError {
  readonly issues: Issue[];
  constructor(issues: Issue[], message?: string) {
    super('BAD_USER_INPUT', message ?? issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.issues = issues;
  }
  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

export class ConflictError extends JobcenterError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class ForbiddenError extends JobcenterError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends JobcenterError {
  constructor(message: string) {
    super('UNAUTHENTICATED', message);
  }
}

/** A per-org or per-token quota would be exceeded; `limit` and the `setting` that sets it are named. */
export class QuotaExceededError extends JobcenterError {
  readonly limit: number;
  readonly setting: string;
  constructor(message: string, limit: number, setting: string, code = 'QUOTA_EXCEEDED') {
    super(code, `${message} (limit ${limit}, set by ${setting})`);
    this.limit = limit;
    this.setting = setting;
  }
}

/** Too many requests of one kind too fast; `retryAfterMs` says when one more would be allowed. */
export class RateLimitedError extends QuotaExceededError {
  readonly retryAfterMs: number;
  constructor(message: string, limit: number, setting: string, retryAfterMs: number) {
    super(message, limit, setting, 'RATE_LIMITED');
    this.retryAfterMs = retryAfterMs;
  }
}

// ---- errors a task handler throws or receives ----

/** The attempt failed but another may succeed; `retryAfterMs` overrides the backoff once. */
export class RetryableError extends JobcenterError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options?: { code?: string; retryAfterMs?: number; cause?: unknown }) {
    super(options?.code ?? 'RETRYABLE', message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** The job cannot succeed: no further attempt is made. */
export class FatalError extends JobcenterError {
  constructor(message: string, options?: { code?: string; cause?: unknown }) {
    super(options?.code ?? 'FATAL', message, options);
  }
}

/** The attempt ran past its timeout; the handler's signal aborted with this reason. */
export class TimeoutError extends JobcenterError {
  constructor(timeoutMs: number) {
    super('TIMEOUT', `the attempt timed out after ${timeoutMs} ms`);
  }
}

/** The job was cancelled; the handler's signal aborted with this reason. */
export class CancelledError extends JobcenterError {
  constructor(message = 'the job was cancelled') {
    super('CANCELLED', message);
  }
}

/** The worker is shutting down; the job goes back to the queue without spending the attempt. */
export class ShutdownError extends JobcenterError {
  constructor() {
    super('SHUTDOWN', 'the worker is shutting down');
  }
}

/** A wait's timeout passed before its signal, approval or event came; the task may catch it. */
export class WaitTimeoutError extends JobcenterError {
  readonly waitName: string;
  constructor(waitName: string) {
    super('WAIT_TIMEOUT', `the wait "${waitName}" timed out`);
    this.waitName = waitName;
  }
}

/** Anything thrown, as an Error (a handler may throw a string or an object). */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  try {
    return new Error(JSON.stringify(thrown));
  } catch {
    return new Error(String(thrown));
  }
}
