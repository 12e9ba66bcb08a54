/**
 * A trigger in words: "At 09:00, every day", "Every 15 minutes, on weekdays (Mon–Fri)", "Every 2 h".
 * Cron expressions cover the common shapes (croner syntax, seconds optional); anything else returns
 * null and the console shows the expression itself.
 */
import { formatSeconds } from './durations.js';

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_ABBR = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_ABBR = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth'];

const pad = (n: number) => String(n).padStart(2, '0');
const isAny = (f: string) => f === '*' || f === '?';

function and(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Numbers of a field written as a list of numbers and ranges ("1,15", "9-17", "MON-FRI"); null otherwise. */
function values(field: string, min: number, max: number, names?: string[]): number[] | null {
  const out = new Set<number>();
  const read = (token: string): number | null => {
    const upper = token.toUpperCase();
    const named = names?.indexOf(upper) ?? -1;
    if (named >= 0) return named + min;
    if (!/^\d+$/.test(token)) return null;
    const n = Number(token);
    return n >= min && n <= max ? n : null;
  };
  for (const part of field.split(',')) {
    const range = part.split('-');
    if (range.length === 1) {
      const n = read(part);
      if (n === null) return null;
      out.add(n);
    } else if (range.length === 2) {
      const a = read(range[0]!);
      const b = read(range[1]!);
      if (a === null || b === null || b < a) return null;
      for (let n = a; n <= b; n++) out.add(n);
    } else return null;
  }
  return [...out].sort((x, y) => x - y);
}

/** n for "*\/n" (or "0/n"), else null. */
function stepOf(field: string): number | null {
  const m = /^(?:\*|0)\/(\d+)$/.exec(field);
  return m ? Number(m[1]) : null;
}

function timeWords(sec: string, min: string, hour: string): { text: string; fixed: boolean } | null {
  const secs = values(sec, 0, 59);
  const zeroSeconds = secs !== null && secs.length === 1 && secs[0] === 0;
  const minutes = values(min, 0, 59);
  const hours = values(hour, 0, 23);
  const secStep = stepOf(sec);
  const minStep = stepOf(min);
  const hourStep = stepOf(hour);

  if (isAny(sec) && isAny(min) && isAny(hour)) return { text: 'every second', fixed: false };
  if (secStep && isAny(min) && isAny(hour)) return { text: secStep === 1 ? 'every second' : `every ${secStep} seconds`, fixed: false };
  if (!zeroSeconds) {
    // Seconds matter only in the fixed-time form "at 09:00:30".
    if (secs?.length === 1 && minutes?.length === 1 && hours && hours.length <= 4) {
      return { text: `at ${and(hours.map((h) => `${pad(h)}:${pad(minutes[0]!)}:${pad(secs[0]!)}`))}`, fixed: true };
    }
    return null;
  }
  if (isAny(min) && isAny(hour)) return { text: 'every minute', fixed: false };
  if (minStep && isAny(hour)) return { text: minStep === 1 ? 'every minute' : `every ${minStep} minutes`, fixed: false };
  if (minutes && hours && minutes.length * hours.length <= 6) {
    const times = hours.flatMap((h) => minutes.map((m) => `${pad(h)}:${pad(m)}`));
    return { text: `at ${and(times)}`, fixed: true };
  }
  if (minutes && isAny(hour)) {
    if (minutes.length === 1 && minutes[0] === 0) return { text: 'every hour', fixed: false };
    return { text: `every hour at ${and(minutes.map((m) => `:${pad(m)}`))}`, fixed: false };
  }
  if (minutes?.length === 1 && hourStep) return { text: `every ${hourStep} hours at :${pad(minutes[0]!)}`, fixed: false };
  if (minutes?.length === 1 && hours && /^\d+-\d+$/.test(hour)) {
    return { text: `every hour from ${pad(hours[0]!)}:${pad(minutes[0]!)} to ${pad(hours.at(-1)!)}:${pad(minutes[0]!)}`, fixed: false };
  }
  if (minStep && hours && /^\d+-\d+$/.test(hour)) {
    return { text: `every ${minStep} minutes from ${pad(hours[0]!)}:00 to ${pad(hours.at(-1)!)}:59`, fixed: false };
  }
  if (isAny(min) && hours?.length === 1) return { text: `every minute from ${pad(hours[0]!)}:00 to ${pad(hours[0]!)}:59`, fixed: false };
  return null;
}

function weekdayWords(dow: string): string | null {
  const nth = /^([0-7]|[A-Z]{3})#([1-5])$/i.exec(dow);
  const last = /^([0-7]|[A-Z]{3})L$/i.exec(dow);
  const single = (token: string) => {
    const n = values(token, 0, 7, DAY_ABBR);
    return n?.length === 1 ? DAY_NAMES[n[0]! % 7]! : null;
  };
  if (nth) {
    const day = single(nth[1]!);
    return day ? `on the ${ORDINALS[Number(nth[2])]} ${day} of the month` : null;
  }
  if (last) {
    const day = single(last[1]!);
    return day ? `on the last ${day} of the month` : null;
  }
  const days = values(dow.replace(/^\+/, ''), 0, 7, DAY_ABBR);
  if (!days) return null;
  const set = [...new Set(days.map((d) => d % 7))].sort((a, b) => a - b);
  const key = set.join(',');
  if (key === '1,2,3,4,5') return 'on weekdays (Mon–Fri)';
  if (key === '0,6') return 'on weekends';
  if (set.length === 7) return '';
  // Monday first, as most calendars list the week.
  const ordered = [...set.filter((d) => d !== 0), ...set.filter((d) => d === 0)];
  return `on ${and(ordered.map((d) => DAY_NAMES[d]!))}`;
}

function monthDayWords(dom: string): string | null {
  if (dom.toUpperCase() === 'L') return 'on the last day of the month';
  const weekday = /^(\d+)W$/i.exec(dom);
  if (weekday) return `on the weekday nearest day ${weekday[1]} of the month`;
  const days = values(dom, 1, 31);
  if (!days) return null;
  return `on ${days.length === 1 ? 'day' : 'days'} ${and(days.map(String))} of the month`;
}

function dayWords(dom: string, month: string, dow: string): string | null {
  let text: string | null;
  if (isAny(dom) && isAny(dow)) text = '';
  else if (isAny(dom)) text = weekdayWords(dow);
  else if (isAny(dow)) text = monthDayWords(dom);
  else return null; // croner ORs them (or ANDs with "+"): too subtle for one line
  if (text === null) return null;
  if (isAny(month)) return text;
  const months = values(month, 1, 12, MONTH_ABBR);
  if (!months) return null;
  const days = isAny(dow) ? values(dom, 1, 31) : null;
  if (days?.length === 1) return `on ${and(months.map((m) => `${MONTH_NAMES[m - 1]} ${days[0]}`))}`;
  const inMonths = `in ${and(months.map((m) => MONTH_NAMES[m - 1]!))}`;
  return text ? `${text.replace(/ of the month$/, '')}, ${inMonths}` : inMonths;
}

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** The cron in words, or null when it is not one of the shapes described here. */
export function describeCron(cron: string): string | null {
  const text = cron.trim();
  const expanded = NICKNAMES[text.toLowerCase()] ?? text;
  const fields = expanded.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return null;
  const [sec, min, hour, dom, month, dow] = fields.length === 6 ? fields : ['0', ...fields];
  const time = timeWords(sec!, min!, hour!);
  const days = dayWords(dom!, month!, dow!);
  if (!time || days === null) return null;
  if (days === '') return capitalize(time.fixed ? `${time.text}, every day` : time.text);
  return capitalize(`${time.text}, ${days}`);
}

export interface TriggerLike {
  kind: 'CRON' | 'INTERVAL' | 'ONCE';
  cron?: string | null;
  intervalSeconds?: number | null;
  at?: string | null;
  timezone: string;
}

/** One line for a table cell: the cron in words (or as written), "Every 5 min", "Once". */
export function describeTrigger(trigger: TriggerLike): string {
  switch (trigger.kind) {
    case 'CRON':
      return describeCron(trigger.cron ?? '') ?? `Cron ${trigger.cron ?? ''}`.trim();
    case 'INTERVAL':
      return trigger.intervalSeconds ? `Every ${formatSeconds(trigger.intervalSeconds)}` : 'Interval';
    case 'ONCE':
      return 'Once';
  }
}
