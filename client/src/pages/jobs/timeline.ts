/**
 * A job's timeline: what its fields tell (created, due, started, each attempt's error, finished), the
 * status and progress changes seen live, and its log lines, in time order. Runs of progress entries
 * with nothing between them fold into the last one.
 */
import type { JobStatus, LogLevel } from '../../gql/graphql.js';

export interface TimelineLog {
  seq: number;
  at: string;
  level: LogLevel;
  message: string;
  data?: unknown;
}

export interface TimelineJob {
  status: JobStatus;
  attempt: number;
  createdAt: string;
  runAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  progress?: { percent: number; message?: string | null; updatedAt: string } | null;
  errors: readonly { attempt: number; at: string; code?: string | null; message: string; retryable: boolean }[];
  /** Steps (ctx.step), with the LLM calls made in each when the token may read them. */
  steps?: readonly {
    name: string;
    status: string;
    attempt: number;
    startedAt: string;
    finishedAt?: string | null;
    durationMs?: number | null;
    error?: { message: string } | null;
    llmCalls?: readonly unknown[] | null;
  }[];
}

/** A change seen on the subscription while the drawer was open. */
export type LiveChange =
  | { kind: 'status'; at: string; status: JobStatus; attempt: number }
  | { kind: 'progress'; at: string; percent: number; message?: string | null };

export type EntryKind = 'status' | 'progress' | 'error' | 'log' | 'step';

export interface TimelineEntry {
  key: string;
  at: string;
  kind: EntryKind;
  text: string;
  level?: LogLevel;
  status?: JobStatus;
  detail?: string;
  data?: unknown;
}

function progressText(percent: number, message?: string | null): string {
  return `${Math.round(percent)}%${message ? ` · ${message}` : ''}`;
}

const FINISHED: JobStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

function fromJob(job: TimelineJob): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ key: 'created', at: job.createdAt, kind: 'status', status: 'QUEUED', text: 'Created (queued)' }];
  if (Date.parse(job.runAt) - Date.parse(job.createdAt) > 1000) {
    entries.push({ key: 'due', at: job.runAt, kind: 'status', status: 'QUEUED', text: 'Due to run' });
  }
  if (job.startedAt) {
    entries.push({ key: `RUNNING#${job.attempt}`, at: job.startedAt, kind: 'status', status: 'RUNNING', text: `Attempt ${job.attempt} started` });
  }
  for (const e of job.errors) {
    entries.push({
      key: `error#${e.attempt}#${e.at}`,
      at: e.at,
      kind: 'error',
      text: `Attempt ${e.attempt} failed: ${e.message}`,
      detail: [e.code, e.retryable ? 'retryable' : 'not retryable'].filter(Boolean).join(' · '),
    });
  }
  if (job.progress) {
    entries.push({ key: `progress#${job.progress.updatedAt}`, at: job.progress.updatedAt, kind: 'progress', text: progressText(job.progress.percent, job.progress.message) });
  }
  for (const step of job.steps ?? []) entries.push(stepEntry(step));
  if (job.finishedAt && FINISHED.includes(job.status)) {
    entries.push({ key: job.status, at: job.finishedAt, kind: 'status', status: job.status, text: `Finished: ${job.status.toLowerCase()}` });
  }
  return entries;
}

function stepEntry(step: NonNullable<TimelineJob['steps']>[number]): TimelineEntry {
  const calls = step.llmCalls?.length;
  const detail = [
    `attempt ${step.attempt}`,
    step.durationMs != null ? `${step.durationMs} ms` : undefined,
    calls ? `${calls} LLM ${calls === 1 ? 'call' : 'calls'}` : undefined,
  ].filter(Boolean);
  const how = step.status === 'SUCCEEDED' ? 'done' : step.status === 'FAILED' ? `failed: ${step.error?.message ?? ''}` : 'running';
  return { key: `step#${step.name}`, at: step.startedAt, kind: 'step', text: `Step ${step.name} ${how}`, detail: detail.join(' · ') };
}

function fromLive(change: LiveChange): TimelineEntry {
  if (change.kind === 'progress') {
    return { key: `progress#${change.at}`, at: change.at, kind: 'progress', text: progressText(change.percent, change.message) };
  }
  const { status, attempt } = change;
  if (FINISHED.includes(status)) return { key: status, at: change.at, kind: 'status', status, text: `Finished: ${status.toLowerCase()}` };
  if (status === 'RUNNING') return { key: `RUNNING#${attempt}`, at: change.at, kind: 'status', status, text: `Attempt ${attempt} started` };
  if (status === 'WAITING') return { key: `WAITING#${change.at}`, at: change.at, kind: 'status', status, text: 'Waiting (no slot held)' };
  return { key: `QUEUED#${attempt}`, at: change.at, kind: 'status', status, text: attempt > 0 ? 'Queued again for the next attempt' : 'Queued' };
}

function fromLog(log: TimelineLog): TimelineEntry {
  return { key: `log#${log.seq}`, at: log.at, kind: 'log', level: log.level, text: log.message, data: log.data ?? undefined };
}

/** The merged timeline, oldest first; derived entries win over live ones with the same key. */
export function buildTimeline(job: TimelineJob, live: readonly LiveChange[], logs: readonly TimelineLog[]): TimelineEntry[] {
  const byKey = new Map<string, TimelineEntry>();
  for (const entry of [...live.map(fromLive), ...fromJob(job), ...logs.map(fromLog)]) byKey.set(entry.key, entry);
  const sorted = [...byKey.values()].sort((a, b) => a.at.localeCompare(b.at) || order(a) - order(b));
  return sorted.filter((entry, i) => entry.kind !== 'progress' || sorted[i + 1]?.kind !== 'progress');
}

/** At the same instant: a start first, then progress, logs and errors, and the finish last. */
function order(entry: TimelineEntry): number {
  if (entry.kind === 'status') return entry.status && FINISHED.includes(entry.status) ? 4 : 0;
  return ['progress', 'step', 'log', 'error'].indexOf(entry.kind) + 1;
}
