/**
 * Trigger arithmetic for schedules: validating a trigger and listing its fire times. Pure: no store,
 * no timers, no GraphQL. Cron parsing and time-zone arithmetic are croner's (`Cron` is only asked
 * for `nextRun`, never given a function, so it never starts a timer).
 *
 * Semantics:
 * - Cron syntax is croner's, 5 or 6 fields (seconds first and optional), `L`, `W`, `#`, `?`, names
 *   and nicknames (@daily ...); day-of-month and day-of-week combine with OR as in Vixie cron
 *   (prefix the day-of-week with `+` for AND). No year field.
 * - Times are whole seconds in the trigger's zone; "after" is strict: a slot at exactly `after` is
 *   not returned.
 * - INTERVAL fires on the real-time grid anchor + k * interval (k >= 0), whatever the zone (the zone
 *   is only for display); ONCE fires at `at`.
 *
 * DST, pinned in test/schedules/triggers.test.ts with America/New_York and Europe/London:
 * - Spring-forward gap (2026-03-08 02:00 EST -> 03:00 EDT; 02:30 does not exist): a job whose
 *   seconds, minutes and hours have no wildcard or step (`30 2 * * *`, also `30 2,14 * * *`) fires
 *   once, at the first instant after the gap (03:00 EDT = 07:00Z), as Vixie cron does. A job with a
 *   wildcard or step there (every 30 minutes, `0 * * * *`) just has no slot in the missing hour:
 *   it keeps running in real time. (croner's behaviour with `fixedTimeRule: 'no-wildcard'`; with its
 *   default a list like `30 2,14` would lose the 02:30 run.)
 * - Fall-back repeat (2026-11-01 02:00 EDT -> 01:00 EST; 01:00-01:59 happens twice): every slot
 *   fires once, at its first occurrence (01:30 EDT = 05:30Z). croner does this itself for fixed-time
 *   jobs, but fires wildcard/step/list jobs on both passes (an hourly job at 01:00 EDT and again at
 *   01:00 EST); we drop every slot whose wall-clock time already happened, because the product rule
 *   is one run per slot and the runKey (an instant) cannot tell the two passes apart. The price: a
 *   job finer than the repeat (every 15 min, every second) pauses for the repeated hour.
 */
import { Cron, CronPattern, type CronOptions } from 'croner';
import { ValidationError, type Issue } from '../domain/errors.js';
import { repeatedWallTime, resolveTimeZone } from './timezone.js';
import { TRIGGER_KINDS, type Trigger, type TriggerKind } from '../domain/schedule.js';

/** A trigger as a client sends it (GraphQL `TriggerInput`: absent fields may be null). */
export interface TriggerInput {
  kind: TriggerKind;
  cron?: string | null;
  intervalSeconds?: number | null;
  at?: number | null;
  timezone?: string | null;
}

export const DEFAULT_TIMEZONE = 'UTC';
export const MIN_INTERVAL_SECONDS = 1;
export const MAX_INTERVAL_SECONDS = 365 * 24 * 3600; // 31_536_000
/** Most fire times one `nextFireTimes` call returns. */
export const MAX_FIRE_TIMES = 100;
const MAX_CRON_LENGTH = 256;
const MAX_INSTANT = 8.64e15; // the largest epoch ms a Date can hold

/**
 * Options for croner, a fresh object per call (croner writes its defaults into the object it gets).
 * `5-or-6-parts`: no year field. `no-wildcard`: a list or range of times is fixed-time in a DST gap.
 */
function cronOptions(timezone: string): CronOptions {
  return { timezone, mode: '5-or-6-parts', fixedTimeRule: 'no-wildcard' };
}

/** Zones that are UTC all year: no DST gap or repeat, so croner counts in plain UTC and no repeat is looked for. */
const UTC_ZONES = new Set(['UTC', 'Etc/UTC']);
/** Parsed crons, by pattern and zone: firing asks for a slot per schedule per wake-up. */
const parsedCrons = new Map<string, Cron>();
const MAX_PARSED_CRONS = 10_000;

/**
 * The croner job of a stored (validated) cron. Reused: it is only asked for `nextRun` and
 * `previousRuns` from a given date, which read nothing a call leaves behind.
 */
function cronJob(cron: string, timezone: string): Cron {
  const key = `${timezone} ${cron}`;
  let job = parsedCrons.get(key);
  if (!job) {
    job = UTC_ZONES.has(timezone)
      ? new Cron(cron, { mode: '5-or-6-parts', fixedTimeRule: 'no-wildcard', utcOffset: 0 })
      : new Cron(cron, cronOptions(timezone));
    if (parsedCrons.size >= MAX_PARSED_CRONS) parsedCrons.delete(parsedCrons.keys().next().value!);
    parsedCrons.set(key, job);
  }
  return job;
}

// ---------------------------------------------------------------- validation

const article = (kind: string) => (kind === 'INTERVAL' ? 'an' : 'a');
const isGiven = (value: unknown) => value !== undefined && value !== null;

/**
 * Check a client's trigger and return its stored form. Throws a ValidationError listing every
 * problem, each with its field's path (`${path}.cron` ...). `now` (epoch ms) is the reference for
 * "in the past" and for "does the cron ever fire".
 */
export function validateTrigger(input: TriggerInput, now: number, path = 'trigger'): Trigger {
  const issues: Issue[] = [];
  const issue = (field: string, message: string) => issues.push({ path: `${path}.${field}`, message });

  const timezone = checkTimeZone(input.timezone, (m) => issue('timezone', m));
  const kind = input.kind as unknown;
  if (!TRIGGER_KINDS.includes(kind as TriggerKind)) {
    issue('kind', `must be one of ${TRIGGER_KINDS.join(', ')}`);
    throw new ValidationError(issues);
  }
  const trigger: Trigger = { kind: kind as TriggerKind, timezone: timezone ?? DEFAULT_TIMEZONE };

  // Fields that belong to another kind are an error, not silently dropped.
  const owners = { cron: 'CRON', intervalSeconds: 'INTERVAL', at: 'ONCE' } as const;
  for (const [field, owner] of Object.entries(owners)) {
    if (owner !== trigger.kind && isGiven(input[field as keyof typeof owners])) {
      issue(field, `is only allowed for ${article(owner)} ${owner} trigger, this one is ${trigger.kind}`);
    }
  }

  if (trigger.kind === 'CRON') {
    const cron = checkCron(input.cron, timezone, now, (m) => issue('cron', m));
    if (cron !== undefined) trigger.cron = cron;
  } else if (trigger.kind === 'INTERVAL') {
    const seconds = input.intervalSeconds;
    if (!isGiven(seconds)) issue('intervalSeconds', 'is required for an INTERVAL trigger');
    else if (typeof seconds !== 'number' || !Number.isInteger(seconds))
      issue('intervalSeconds', 'must be a whole number of seconds');
    else if (seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS)
      issue('intervalSeconds', `must be from ${MIN_INTERVAL_SECONDS} to ${MAX_INTERVAL_SECONDS}`);
    else trigger.intervalSeconds = seconds;
  } else {
    const at = input.at;
    if (!isGiven(at)) issue('at', 'is required for a ONCE trigger');
    else if (typeof at !== 'number' || !Number.isInteger(at) || Math.abs(at) > MAX_INSTANT)
      issue('at', 'is not a valid instant');
    else if (at <= now) issue('at', 'is in the past');
    else trigger.at = at;
  }

  if (issues.length > 0) throw new ValidationError(issues);
  return trigger;
}

/** The zone to store, or undefined (after reporting) if it is not a known IANA zone. */
function checkTimeZone(value: unknown, report: (message: string) => void): string | undefined {
  if (!isGiven(value)) return DEFAULT_TIMEZONE;
  if (typeof value !== 'string') {
    report('must be a string');
    return undefined;
  }
  const zone = resolveTimeZone(value);
  if (zone === undefined) report(`unknown time zone ${JSON.stringify(value)}`);
  return zone;
}

/** The trimmed cron, or undefined (after reporting). The zone is only used to find a next run. */
function checkCron(
  value: unknown,
  timezone: string | undefined,
  now: number,
  report: (message: string) => void,
): string | undefined {
  const fail = (message: string): undefined => void report(message);
  if (!isGiven(value)) return fail('is required for a CRON trigger');
  if (typeof value !== 'string') return fail('must be a string');
  const cron = value.trim();
  if (cron === '') return fail('is required for a CRON trigger');
  if (cron.length > MAX_CRON_LENGTH) return fail(`must be at most ${MAX_CRON_LENGTH} characters`);
  const invalid = (reason: string) => fail(`invalid cron expression ${JSON.stringify(cron)}: ${reason}`);

  const fields = cron.split(/\s+/).length;
  if (!cron.startsWith('@') && fields !== 5 && fields !== 6) {
    return invalid(`expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; got ${fields}`);
  }
  try {
    // CronPattern first: `new Cron(...)` would take a string with a colon as a one-off ISO date.
    new CronPattern(cron, undefined, { mode: '5-or-6-parts', fixedTimeRule: 'no-wildcard' });
  } catch (error) {
    if (cron.startsWith('@') && !/^@reboot$/i.test(cron)) {
      return invalid('unknown nickname (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)');
    }
    return invalid(error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : String(error));
  }
  if (timezone !== undefined && new Cron(cron, cronOptions(timezone)).nextRun(new Date(now)) === null) {
    return fail(`${JSON.stringify(cron)} never fires (no matching date after ${new Date(now).toISOString()})`);
  }
  return cron;
}

// ---------------------------------------------------------------- fire times

/** Fire times strictly after `after`, ascending, without end (an ONCE or a cron may run out). */
function* fireTimes(trigger: Trigger, after: number, anchor: number | undefined): Generator<number> {
  assertInstant('after', after);
  switch (trigger.kind) {
    case 'ONCE':
      if (trigger.at !== undefined && trigger.at > after) yield trigger.at;
      return;
    case 'INTERVAL': {
      const step = requireField(trigger.intervalSeconds, 'intervalSeconds') * 1000;
      const start = anchor ?? after;
      assertInstant('anchor', start);
      let k = after < start ? 0 : Math.floor((after - start) / step) + 1;
      for (let at = start + k * step; at <= MAX_INSTANT; at = start + ++k * step) yield at;
      return;
    }
    case 'CRON': {
      const cron = requireField(trigger.cron, 'cron');
      // Never read a stored string as croner's one-off ISO date (see checkCron).
      if (cron.includes(':')) throw new TypeError(`not a cron expression: ${JSON.stringify(cron)}`);
      const job = cronJob(cron, trigger.timezone);
      const utc = UTC_ZONES.has(trigger.timezone);
      let cursor = after;
      for (;;) {
        const next = job.nextRun(new Date(cursor))?.getTime();
        if (next === undefined) return;
        const repeat = utc ? null : repeatedWallTime(next, trigger.timezone);
        if (repeat !== null) {
          // This wall-clock time already happened before the fall-back: skip the whole second pass.
          cursor = Math.max(next, repeat.endsAt - 1);
          continue;
        }
        yield next;
        cursor = next;
      }
    }
  }
}

/**
 * The next `count` fire times (epoch ms, ascending) strictly after `after`. `count` is clamped to
 * 1 .. MAX_FIRE_TIMES. `anchor` is an INTERVAL schedule's grid origin (its creation time; default
 * `after`); CRON and ONCE ignore it.
 */
export function nextFireTimes(trigger: Trigger, after: number, count: number, anchor?: number): number[] {
  const limit = Number.isNaN(count) ? 1 : Math.min(MAX_FIRE_TIMES, Math.max(1, Math.trunc(count)));
  const out: number[] = [];
  for (const at of fireTimes(trigger, after, anchor)) {
    out.push(at);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * Recent answers of nextFireTime for crons, by zone, pattern and instant: schedules that share a
 * cron (every minute, every hour) come due at the same slot and ask the same question.
 */
const nextCronSlots = new Map<string, number | null>();
const MAX_NEXT_CRON_SLOTS = 10_000;

/** The next fire time strictly after `after`, or null if the trigger never fires again. */
export function nextFireTime(trigger: Trigger, after: number, anchor?: number): number | null {
  if (trigger.kind !== 'CRON' || trigger.cron === undefined) return nextFireTimes(trigger, after, 1, anchor)[0] ?? null;
  const key = `${trigger.timezone} ${after} ${trigger.cron}`;
  const known = nextCronSlots.get(key);
  if (known !== undefined) return known;
  const next = nextFireTimes(trigger, after, 1, anchor)[0] ?? null;
  if (nextCronSlots.size >= MAX_NEXT_CRON_SLOTS) nextCronSlots.delete(nextCronSlots.keys().next().value!);
  nextCronSlots.set(key, next);
  return next;
}

/**
 * The slots in (from, to], ascending, for misfire handling after downtime: at most `max` of them
 * (the earliest), so a long outage of a busy cron stays bounded.
 */
export function missedFireTimes(trigger: Trigger, from: number, to: number, anchor?: number, max = 1000): number[] {
  assertInstant('to', to);
  const out: number[] = [];
  if (max < 1 || to <= from) return out;
  for (const at of fireTimes(trigger, from, anchor)) {
    if (at > to || out.length >= max) break;
    out.push(at);
  }
  return out;
}

/**
 * The latest slot in (from, to], or null when there is none: the slot RUN_ONCE catches up after
 * downtime. Found without listing the slots in between, so a long outage of a busy schedule costs a
 * few steps: arithmetic for INTERVAL; for CRON, croner's backward search gives a candidate and the
 * forward rules above (the DST gap and fall-back repeat) confirm it, the slot returned is always one
 * `nextFireTimes` would list.
 */
export function latestFireTime(trigger: Trigger, from: number, to: number, anchor?: number): number | null {
  assertInstant('from', from);
  assertInstant('to', to);
  if (to <= from) return null;
  switch (trigger.kind) {
    case 'ONCE':
      return trigger.at !== undefined && trigger.at > from && trigger.at <= to ? trigger.at : null;
    case 'INTERVAL': {
      const step = requireField(trigger.intervalSeconds, 'intervalSeconds') * 1000;
      // The grid of fireTimes: anchor + k * step, k >= 0 (the anchor defaults to `from` there too).
      const start = anchor ?? from;
      assertInstant('anchor', start);
      if (to < start) return null;
      const at = start + Math.floor((to - start) / step) * step;
      return at > from ? at : null;
    }
    case 'CRON': {
      const cron = requireField(trigger.cron, 'cron');
      if (cron.includes(':')) throw new TypeError(`not a cron expression: ${JSON.stringify(cron)}`);
      const job = cronJob(cron, trigger.timezone);
      // previousRuns is strictly before its reference.
      let before = to + 1;
      // Each round steps back over one fall-back repeat; two rounds are the most a real zone needs.
      for (let round = 0; round < 8; round++) {
        const back = job.previousRuns(1, new Date(before))[0]?.getTime();
        const start = back === undefined || back <= from ? from : back - 1;
        // Forward from the candidate: it, and a slot croner's backward search does not name (a
        // fixed time in a spring-forward gap fires just after the gap), are found in a step or two.
        let latest: number | null = null;
        for (const at of fireTimes(trigger, start, anchor)) {
          if (at > to) break;
          latest = at;
        }
        if (latest !== null || start === from) return latest;
        // The candidate is on the second pass of a fall-back repeat, which never fires: look before
        // the repeat began.
        const repeat = repeatedWallTime(back!, trigger.timezone);
        before = repeat === null ? back! : repeat.endsAt - (back! - repeat.earlier);
      }
      return null;
    }
  }
}

/** The run key of a schedule's slot: one run per slot, whoever inserts it. */
export function slotKey(scheduleId: string, slotAt: number): string {
  return `${scheduleId}@${new Date(slotAt).toISOString()}`;
}

function assertInstant(name: string, value: number): void {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_INSTANT) throw new RangeError(`${name} is not a valid instant: ${value}`);
}

function requireField<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new TypeError(`trigger.${field} is missing; validate the trigger first`);
  return value;
}

/**
 * True when the trigger can fire more than once within a minute: an interval under 60 s, or a cron
 * whose seconds field names more than one second (at each minute it fires in, it fires that often).
 */
export function firesMoreThanOncePerMinute(trigger: Trigger): boolean {
  if (trigger.kind === 'INTERVAL') return (trigger.intervalSeconds ?? 60) < 60;
  if (trigger.kind !== 'CRON' || !trigger.cron) return false;
  const pattern = new CronPattern(trigger.cron, undefined, { mode: '5-or-6-parts', fixedTimeRule: 'no-wildcard' });
  return pattern.second.filter((set) => set !== 0).length > 1;
}
