/**
 * Time-zone helpers for schedule triggers: checking an IANA name, and finding the second pass of a
 * DST fall-back (a wall-clock time that happens twice). Wall-clock fields come from croner's
 * `CronDate` (Intl's tz database underneath), so no offset table is written by hand here.
 */
import { CronDate } from 'croner';

const SECOND = 1000;
const HOUR = 3_600_000;

/**
 * The zone's spelling to store, or undefined if Intl does not know it. Only letter case is
 * normalised ("asia/shanghai" -> "Asia/Shanghai"): Intl would also turn links into other names
 * ("Asia/Kolkata" -> "Asia/Calcutta", "US/Eastern" -> "America/New_York"), which users would not
 * recognise, so a link is kept as written.
 */
export function resolveTimeZone(name: string): string | undefined {
  if (name.trim() === '') return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}

/** The zone's UTC offset at `at`, in ms (wall clock minus UTC), at one-second precision. */
export function utcOffsetMs(at: number, zone: string): number {
  const wholeSecond = Math.floor(at / SECOND) * SECOND;
  const d = new CronDate(new Date(wholeSecond), zone);
  return Date.UTC(d.year, d.month, d.day, d.hour, d.minute, d.second) - wholeSecond;
}

/** A second pass through wall-clock times after a fall-back. */
export interface RepeatedWallTime {
  /** The instant the same wall-clock time first happened. */
  earlier: number;
  /** The first instant after this second pass: from here on, wall-clock times are new again. */
  endsAt: number;
}

/** How far back to look for the offset in force before a fall-back (the real ones are <= 2 h). */
const LOOK_BEHIND = [HOUR, 3 * HOUR, 26 * HOUR];

/**
 * If the wall-clock time at `at` (a whole second) already happened earlier under a larger offset
 * (i.e. `at` lies in the repeated hour after a fall-back), when it first happened and when the
 * repeat ends; otherwise null.
 */
export function repeatedWallTime(at: number, zone: string): RepeatedWallTime | null {
  const offset = utcOffsetMs(at, zone);
  const tried = new Set<number>();
  for (const back of LOOK_BEHIND) {
    const before = utcOffsetMs(at - back, zone);
    if (before <= offset || tried.has(before)) continue;
    tried.add(before);
    const shift = before - offset;
    const earlier = at - shift;
    if (utcOffsetMs(earlier, zone) !== before) continue;
    // The change lies in (earlier, at]: find it to the second, the repeat lasts `shift` from it.
    let lo = earlier;
    let hi = at;
    while (hi - lo > SECOND) {
      const mid = lo + Math.floor((hi - lo) / (2 * SECOND)) * SECOND;
      if (utcOffsetMs(mid, zone) === before) lo = mid;
      else hi = mid;
    }
    return { earlier, endsAt: hi + shift };
  }
  return null;
}
