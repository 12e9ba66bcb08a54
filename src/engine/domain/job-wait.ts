/**
 * A wait: a point in a job's handler where it waits for something outside it.
 *
 * - SIGNAL: data sent to this job by name (`signalJob`, or a wait's callback URL).
 * - APPROVAL: a signal whose data is `{ approved, comment, by }` (`approveJob`).
 * - EVENT: an org-wide event by name and key (`sendEvent`); one event resumes every job waiting for it.
 * - SLEEP: a time.
 *
 * A job whose wait is open is WAITING: it holds no slot and no process, and `wakeAt` (the wait's
 * timeout) is all that is kept for it in a due-time index. A wait is resolved once: by its signal or
 * event, or by its timeout (resolution absent, `timedOut`). A signal that comes before its wait is
 * opened is kept for it; an event is kept for EVENT_KEEP_MS for waits opened later.
 */
export const WAIT_KINDS = ['SIGNAL', 'APPROVAL', 'EVENT', 'SLEEP'] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];

export interface JobWait {
  id: string;
  orgId: string;
  jobId: string;
  /** Unique within the job. For an EVENT wait, the event's name unless the task named it. */
  name: string;
  kind: WaitKind;
  /** EVENT: which event, and which key it must carry (absent: events without a key). */
  eventName?: string;
  eventKey?: string;
  /** APPROVAL: what the approver is asked, and data shown with it. */
  prompt?: string;
  data?: unknown;
  createdAt: number;
  timeoutAt?: number;
  resolvedAt?: number;
  /** The signal's data, the approval, the event's data; absent when it timed out. */
  resolution?: unknown;
  timedOut?: boolean;
  /** The event that resolved it (EVENT waits): a job's later wait for the same event takes a later one. */
  eventId?: string;
  /** The one-time token of the wait's callback URL (absent for SLEEP). */
  callbackToken?: string;
}

export type NewJobWait = Pick<JobWait, 'id' | 'orgId' | 'jobId' | 'name' | 'kind' | 'createdAt'> &
  Partial<Pick<JobWait, 'eventName' | 'eventKey' | 'prompt' | 'data' | 'timeoutAt' | 'callbackToken'>>;

/** An approval's resolution. */
export interface Approval {
  approved: boolean;
  comment?: string;
  /** Who decided: a user id, or "callback". */
  by: string;
}

/** An event sent to an org's waiting jobs. */
export interface WaitEvent {
  id: string;
  orgId: string;
  name: string;
  key?: string;
  data?: unknown;
  at: number;
  /** After this the event resumes no wait opened later. */
  expiresAt: number;
}

/** How long an event is kept for waits opened after it: one day. */
export const EVENT_KEEP_MS = 24 * 3600 * 1000;

/** A signal sent before its wait was opened, kept for it. */
export interface KeptSignal {
  orgId: string;
  jobId: string;
  name: string;
  data?: unknown;
  at: number;
}

/** How a wait resolves. */
export type WaitResolution = { timedOut: true } | { timedOut?: false; data: unknown; eventId?: string };
