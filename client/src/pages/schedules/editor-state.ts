/**
 * The schedule editor's state (what the inputs hold, numbers still as typed) and the mutation inputs
 * built from it. Only what cannot be sent at all is checked here (a number that is not a number, an
 * incomplete date); everything else is the server's to judge, and its issues come back by path.
 */
import { formatLadder, parseLadder, splitSeconds, toSeconds, type Unit } from './durations.js';
import { instantToWall, wallToInstant } from './zoned-time.js';

export type TriggerKind = 'CRON' | 'INTERVAL' | 'ONCE';
export type OverlapPolicy = 'SKIP' | 'ALLOW' | 'BUFFER_ONE';
export type MisfirePolicy = 'SKIP' | 'RUN_ONCE';

export interface Issue {
  path: string;
  message: string;
}

export interface TriggerState {
  kind: TriggerKind;
  cron: string;
  intervalValue: string;
  intervalUnit: Unit;
  /** A `datetime-local` value, read in `timezone`. */
  onceLocal: string;
  timezone: string;
}

export interface EditorState {
  name: string;
  description: string;
  taskType: string;
  payload: Record<string, unknown>;
  /** Create only: an existing schedule is enabled and disabled with its toggle. */
  enabled: boolean;
  trigger: TriggerState;
  overlapPolicy: OverlapPolicy;
  maxConcurrentRuns: string;
  misfirePolicy: MisfirePolicy;
  catchUpValue: string;
  catchUpUnit: Unit;
  maxRetries: string;
  backoff: string;
  alertOn: boolean;
  alertAfterFailures: string;
  pauseOnAlert: boolean;
}

/** A schedule as the API returns it (the fields the editor shows). */
export interface ScheduleSettings {
  name: string;
  description?: string | null;
  taskType: string;
  payload: unknown;
  enabled: boolean;
  trigger: { kind: TriggerKind; cron?: string | null; intervalSeconds?: number | null; at?: string | null; timezone: string };
  overlapPolicy: OverlapPolicy;
  maxConcurrentRuns: number;
  misfirePolicy: MisfirePolicy;
  catchUpWindowSeconds: number;
  retryPolicy: { maxRetries: number; backoffSeconds: readonly number[] };
  alertAfterFailures?: number | null;
  pauseOnAlert: boolean;
}

export interface TriggerInput {
  kind: TriggerKind;
  cron?: string;
  intervalSeconds?: number;
  at?: string;
  timezone: string;
}

export interface CreateInput {
  name: string;
  description?: string;
  taskType: string;
  payload: unknown;
  enabled: boolean;
  trigger: TriggerInput;
  overlapPolicy: OverlapPolicy;
  maxConcurrentRuns: number;
  misfirePolicy: MisfirePolicy;
  catchUpWindowSeconds: number;
  retryPolicy: { maxRetries: number; backoffSeconds: number[] };
  alertAfterFailures?: number;
  pauseOnAlert: boolean;
}

export interface UpdateInput {
  name?: string;
  description?: string | null;
  payload?: unknown;
  trigger?: TriggerInput;
  overlapPolicy?: OverlapPolicy;
  maxConcurrentRuns?: number;
  misfirePolicy?: MisfirePolicy;
  catchUpWindowSeconds?: number;
  retryPolicy?: { maxRetries?: number; backoffSeconds?: number[] };
  alertAfterFailures?: number | null;
  pauseOnAlert?: boolean;
}

export const DEFAULT_LADDER = [30, 60, 300, 900, 3600];
const INT_MAX = 2_147_483_647;

export function newEditorState(timezone: string, taskType = ''): EditorState {
  return {
    name: '',
    description: '',
    taskType,
    payload: {},
    enabled: true,
    trigger: { kind: 'CRON', cron: '', intervalValue: '1', intervalUnit: 'h', onceLocal: '', timezone },
    overlapPolicy: 'SKIP',
    maxConcurrentRuns: '1',
    misfirePolicy: 'SKIP',
    catchUpValue: '1',
    catchUpUnit: 'h',
    maxRetries: '3',
    backoff: formatLadder(DEFAULT_LADDER),
    alertOn: false,
    alertAfterFailures: '3',
    pauseOnAlert: false,
  };
}

export function editorStateFrom(s: ScheduleSettings): EditorState {
  const interval = s.trigger.intervalSeconds ? splitSeconds(s.trigger.intervalSeconds) : { value: '1', unit: 'h' as Unit };
  const catchUp = splitSeconds(s.catchUpWindowSeconds);
  const at = s.trigger.at ? Date.parse(s.trigger.at) : NaN;
  return {
    name: s.name,
    description: s.description ?? '',
    taskType: s.taskType,
    // A plain copy: API data may be a reactive proxy, which structuredClone and the like refuse.
    payload: isRecord(s.payload) ? (JSON.parse(JSON.stringify(s.payload)) as Record<string, unknown>) : {},
    enabled: s.enabled,
    trigger: {
      kind: s.trigger.kind,
      cron: s.trigger.cron ?? '',
      intervalValue: interval.value,
      intervalUnit: interval.unit,
      onceLocal: Number.isFinite(at) ? instantToWall(at, s.trigger.timezone) : '',
      timezone: s.trigger.timezone,
    },
    overlapPolicy: s.overlapPolicy,
    maxConcurrentRuns: String(s.maxConcurrentRuns),
    misfirePolicy: s.misfirePolicy,
    catchUpValue: catchUp.value,
    catchUpUnit: catchUp.unit,
    maxRetries: String(s.retryPolicy.maxRetries),
    backoff: formatLadder(s.retryPolicy.backoffSeconds),
    alertOn: s.alertAfterFailures !== null && s.alertAfterFailures !== undefined,
    alertAfterFailures: String(s.alertAfterFailures ?? 3),
    pauseOnAlert: s.pauseOnAlert,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wholeNumber(text: string, path: string, issues: Issue[]): number | undefined {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) {
    issues.push({ path, message: t === '' ? 'Enter a number' : 'Enter a whole number' });
    return undefined;
  }
  const n = Number(t);
  if (Math.abs(n) > INT_MAX) {
    issues.push({ path, message: 'This number is too large' });
    return undefined;
  }
  return n;
}

/** The trigger to send (also to previewTrigger), or the issues that keep it from being sent. */
export function triggerInputOf(t: TriggerState): { trigger?: TriggerInput; issues: Issue[] } {
  const issues: Issue[] = [];
  const timezone = t.timezone.trim() || 'UTC';
  if (t.kind === 'CRON') return { trigger: { kind: 'CRON', cron: t.cron.trim(), timezone }, issues };
  if (t.kind === 'INTERVAL') {
    const seconds = toSeconds(t.intervalValue, t.intervalUnit);
    if (seconds === null) issues.push({ path: 'trigger.intervalSeconds', message: 'Enter a whole number of seconds' });
    else if (seconds > INT_MAX) issues.push({ path: 'trigger.intervalSeconds', message: 'must be from 1 to 31536000 seconds' });
    else return { trigger: { kind: 'INTERVAL', intervalSeconds: seconds, timezone }, issues };
    return { issues };
  }
  const reading = t.onceLocal ? wallToInstant(t.onceLocal, timezone) : null;
  if (!reading) return { issues: [{ path: 'trigger.at', message: 'Enter a date and time' }] };
  return { trigger: { kind: 'ONCE', at: new Date(reading.at).toISOString(), timezone }, issues };
}

interface Policies {
  maxConcurrentRuns?: number;
  catchUpWindowSeconds?: number;
  retryPolicy?: { maxRetries: number; backoffSeconds: number[] };
  alertAfterFailures?: number | null;
}

function policiesOf(s: EditorState, issues: Issue[]): Policies {
  const out: Policies = {};
  const max = wholeNumber(s.maxConcurrentRuns, 'maxConcurrentRuns', issues);
  if (max !== undefined) out.maxConcurrentRuns = max;
  const window = toSeconds(s.catchUpValue, s.catchUpUnit);
  if (window === null || window > INT_MAX) issues.push({ path: 'catchUpWindowSeconds', message: 'Enter a whole number of seconds' });
  else out.catchUpWindowSeconds = window;
  const retries = wholeNumber(s.maxRetries, 'retryPolicy.maxRetries', issues);
  const ladder = parseLadder(s.backoff);
  if ('error' in ladder) issues.push({ path: 'retryPolicy.backoffSeconds', message: ladder.error });
  else if (ladder.seconds.some((x) => x > INT_MAX)) issues.push({ path: 'retryPolicy.backoffSeconds', message: 'A step is too long' });
  if (retries !== undefined && !('error' in ladder)) out.retryPolicy = { maxRetries: retries, backoffSeconds: ladder.seconds };
  if (!s.alertOn) out.alertAfterFailures = null;
  else {
    const after = wholeNumber(s.alertAfterFailures, 'alertAfterFailures', issues);
    if (after !== undefined) out.alertAfterFailures = after;
  }
  return out;
}

/** The createSchedule input, or the issues to fix first (then `input` is undefined). */
export function toCreateInput(s: EditorState): { input?: CreateInput; issues: Issue[] } {
  const { trigger, issues } = triggerInputOf(s.trigger);
  const p = policiesOf(s, issues);
  if (issues.length || !trigger) return { issues };
  const input: CreateInput = {
    name: s.name.trim(),
    taskType: s.taskType,
    payload: s.payload,
    enabled: s.enabled,
    trigger,
    overlapPolicy: s.overlapPolicy,
    maxConcurrentRuns: p.maxConcurrentRuns!,
    misfirePolicy: s.misfirePolicy,
    catchUpWindowSeconds: p.catchUpWindowSeconds!,
    retryPolicy: p.retryPolicy!,
    pauseOnAlert: s.pauseOnAlert,
  };
  if (s.description.trim()) input.description = s.description.trim();
  if (typeof p.alertAfterFailures === 'number') input.alertAfterFailures = p.alertAfterFailures;
  return { input, issues };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The updateSchedule input: only what differs from `original` (the state the schedule was loaded
 * as). An unchanged trigger is left out, so a ONCE that already fired does not count as "in the past".
 */
export function toUpdateInput(s: EditorState, original: EditorState): { input?: UpdateInput; issues: Issue[] } {
  const issues: Issue[] = [];
  const input: UpdateInput = {};
  if (s.name.trim() !== original.name.trim()) input.name = s.name.trim();
  if (s.description.trim() !== original.description.trim()) input.description = s.description.trim() || null;
  if (!same(s.payload, original.payload)) input.payload = s.payload;
  if (!same(s.trigger, original.trigger)) {
    const built = triggerInputOf(s.trigger);
    issues.push(...built.issues);
    if (built.trigger && !same(built.trigger, triggerInputOf(original.trigger).trigger)) input.trigger = built.trigger;
  }
  if (s.overlapPolicy !== original.overlapPolicy) input.overlapPolicy = s.overlapPolicy;
  if (s.misfirePolicy !== original.misfirePolicy) input.misfirePolicy = s.misfirePolicy;
  if (s.pauseOnAlert !== original.pauseOnAlert) input.pauseOnAlert = s.pauseOnAlert;
  const p = policiesOf(s, issues);
  const before = policiesOf(original, []);
  if (p.maxConcurrentRuns !== undefined && p.maxConcurrentRuns !== before.maxConcurrentRuns) input.maxConcurrentRuns = p.maxConcurrentRuns;
  if (p.catchUpWindowSeconds !== undefined && p.catchUpWindowSeconds !== before.catchUpWindowSeconds) input.catchUpWindowSeconds = p.catchUpWindowSeconds;
  if (p.retryPolicy && !same(p.retryPolicy, before.retryPolicy)) input.retryPolicy = p.retryPolicy;
  if (p.alertAfterFailures !== undefined && p.alertAfterFailures !== before.alertAfterFailures) input.alertAfterFailures = p.alertAfterFailures;
  return issues.length ? { issues } : { input, issues };
}

/** Whether the form differs from what it was loaded as; `enabled` counts only for a new schedule. */
export function isDirty(s: EditorState, baseline: EditorState, existing: boolean): boolean {
  return existing ? !same({ ...s, enabled: baseline.enabled }, baseline) : !same(s, baseline);
}

/** The message for a field: exact path first, then the first issue under it. */
export function issueAt(issues: readonly Issue[], path: string): string | undefined {
  return issues.find((i) => i.path === path)?.message ?? issues.find((i) => i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`))?.message;
}

const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  taskType: 'Task type',
  payload: 'Payload',
  'trigger.kind': 'Trigger',
  'trigger.cron': 'Cron expression',
  'trigger.intervalSeconds': 'Interval',
  'trigger.at': 'At',
  'trigger.timezone': 'Time zone',
  overlapPolicy: 'Overlap',
  maxConcurrentRuns: 'Runs at once',
  misfirePolicy: 'After downtime',
  catchUpWindowSeconds: 'Catch-up window',
  'retryPolicy.maxRetries': 'Retries',
  'retryPolicy.backoffSeconds': 'Wait before each retry',
  alertAfterFailures: 'Alert after failures',
  pauseOnAlert: 'Disable on alert',
};

/** The field an issue path names, as the form labels it: "Cron expression", "Payload › headers.X-Key". */
export function issueLabel(path: string): string {
  if (LABELS[path]) return LABELS[path]!;
  if (path.startsWith('payload.')) return `Payload › ${path.slice('payload.'.length)}`;
  return path || 'Schedule';
}
