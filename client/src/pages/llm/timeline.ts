/**
 * A call's timeline split into its three phases: waiting in our limiter, time to first token, and
 * generation. Pure (no imports), so the page and the unit tests share it.
 */

export type PhaseKey = 'wait' | 'ttft' | 'generation';

export interface Phase {
  key: PhaseKey;
  label: string;
  ms: number;
  /** Share of the whole, 0–1. */
  fraction: number;
  /** Still going (the call has not reached the phase's end yet). */
  ongoing: boolean;
}

export interface TimelineInput {
  status: string;
  queuedAt: string;
  startedAt?: string | null;
  firstTokenAt?: string | null;
  finishedAt?: string | null;
}

export interface Timeline {
  phases: Phase[];
  totalMs: number;
  ongoing: boolean;
}

const LABELS: Record<PhaseKey, string> = {
  wait: 'Wait in limiter',
  ttft: 'To first token',
  generation: 'Generation',
};

const ACTIVE = new Set(['QUEUED', 'RUNNING']);

function time(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The phases the call went through so far. A phase runs until the next instant; the last one of an
 * active call runs until `now`, and a finished call that never got a token ends its second phase at
 * `finishedAt` (labelled "Until the end", since no first token came).
 */
export function splitTimeline(call: TimelineInput, now: number = Date.now()): Timeline {
  const active = ACTIVE.has(call.status);
  const queued = time(call.queuedAt);
  const started = time(call.startedAt);
  const first = time(call.firstTokenAt);
  const finished = time(call.finishedAt);
  const end = finished ?? (active ? now : undefined);
  const raw: { key: PhaseKey; from: number; to: number | undefined; label?: string }[] = [];
  if (queued !== undefined) raw.push({ key: 'wait', from: queued, to: started ?? end });
  if (started !== undefined) {
    if (first !== undefined) {
      raw.push({ key: 'ttft', from: started, to: first });
      raw.push({ key: 'generation', from: first, to: end });
    } else {
      raw.push({ key: 'ttft', from: started, to: end, ...(finished !== undefined && { label: 'Until the end (no token)' }) });
    }
  }
  const phases = raw
    .filter((p): p is { key: PhaseKey; from: number; to: number; label?: string } => p.to !== undefined)
    .map((p) => ({
      key: p.key,
      label: p.label ?? LABELS[p.key],
      ms: Math.max(0, p.to - p.from),
      fraction: 0,
      ongoing: finished === undefined && active && p === raw[raw.length - 1],
    }));
  const totalMs = phases.reduce((sum, p) => sum + p.ms, 0);
  for (const p of phases) p.fraction = totalMs > 0 ? p.ms / totalMs : 1 / phases.length;
  return { phases, totalMs, ongoing: active && finished === undefined };
}
