/**
 * Second counts as people write them: "5 min", "1 h 30 min"; the unit helper of the interval and
 * catch-up fields (a number and s / min / h); and the retry ladder as text ("30s, 1m, 5m, 15m, 1h").
 */

export type Unit = 's' | 'min' | 'h';

export const UNITS: readonly { unit: Unit; seconds: number; label: string }[] = [
  { unit: 's', seconds: 1, label: 'seconds' },
  { unit: 'min', seconds: 60, label: 'minutes' },
  { unit: 'h', seconds: 3600, label: 'hours' },
];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "45 s", "5 min", "1 h 30 min", "2 days", "1 day 6 h" (whole seconds). */
export function formatSeconds(total: number): string {
  if (!Number.isFinite(total)) return String(total);
  const s = Math.round(total);
  if (s < 60) return `${s} s`;
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const parts: string[] = [];
  if (days) parts.push(plural(days, 'day', 'days'));
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (seconds) parts.push(`${seconds} s`);
  return parts.join(' ');
}

/** The largest unit that holds the seconds exactly: 5400 is 90 min, 7200 is 2 h, 61 is 61 s. */
export function splitSeconds(seconds: number): { value: string; unit: Unit } {
  for (const { unit, seconds: size } of [...UNITS].reverse()) {
    if (seconds !== 0 && seconds % size === 0) return { value: String(seconds / size), unit };
  }
  return { value: String(seconds), unit: 's' };
}

/** The seconds for a number typed in a unit, or null when it is not a whole number of seconds. */
export function toSeconds(value: string, unit: Unit): number | null {
  const text = value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const seconds = Number(text) * (UNITS.find((u) => u.unit === unit)?.seconds ?? 1);
  return Number.isInteger(seconds) ? seconds : null;
}

const STEP = /^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)?$/i;

function unitSeconds(unit: string | undefined): number {
  const u = (unit ?? 's').toLowerCase();
  if (u.startsWith('s')) return 1;
  if (u.startsWith('m')) return 60;
  if (u.startsWith('h')) return 3600;
  return 86_400;
}

/**
 * The retry ladder from text: steps separated by commas or spaces, each a number of seconds or a
 * number with a unit ("30", "30s", "5m", "1h", "1d"). Empty text is an empty ladder.
 */
export function parseLadder(text: string): { seconds: number[] } | { error: string } {
  const steps = text.split(/[,;]|\s+(?=\d)/).map((s) => s.trim()).filter(Boolean);
  const seconds: number[] = [];
  for (const step of steps) {
    const m = STEP.exec(step);
    const value = m ? Number(m[1]) * unitSeconds(m[2]) : NaN;
    if (!m || !Number.isInteger(value)) return { error: `"${step}" is not a duration (write 30, 30s, 5m, 1h or 1d)` };
    seconds.push(value);
  }
  return { seconds };
}

/** The ladder as text parseLadder reads back: "30s, 1m, 5m, 15m, 1h". */
export function formatLadder(seconds: readonly number[]): string {
  return seconds
    .map((s) => {
      if (s !== 0 && s % 86_400 === 0) return `${s / 86_400}d`;
      if (s !== 0 && s % 3600 === 0) return `${s / 3600}h`;
      if (s !== 0 && s % 60 === 0) return `${s / 60}m`;
      return `${s}s`;
    })
    .join(', ');
}

/**
 * What the ladder does with `maxRetries` retries: "retry 1 after 30 s, 2 after 1 min, 3 after 5 min"
 * (the last step repeats when there are more retries than steps).
 */
export function describeLadder(seconds: readonly number[], maxRetries: number): string {
  if (maxRetries <= 0) return 'Failed runs are not retried.';
  if (seconds.length === 0) return `Up to ${plural(maxRetries, 'retry', 'retries')}, each at once.`;
  const shown = Math.min(maxRetries, 6);
  const waits = Array.from({ length: shown }, (_, i) => formatSeconds(seconds[Math.min(i, seconds.length - 1)]!));
  const list = waits.map((w, i) => `${i === 0 ? 'retry 1' : i + 1} after ${w}`).join(', ');
  return `${list[0]!.toUpperCase()}${list.slice(1)}${maxRetries > shown ? `, … up to ${maxRetries}` : ''}.`;
}
