/**
 * Wall-clock time in an IANA zone, with Intl only: reading a `datetime-local` value as a time in the
 * schedule's zone (not the browser's), and showing instants in that zone. Pure (no imports), so the
 * unit tests load it as it is.
 */

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(zone, format);
  }
  return format;
}

/** Whether Intl knows the zone. */
export function isValidZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    partsFormat(zone);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallAt(ms: number, zone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of partsFormat(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

const wallAsUtc = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The zone's offset from UTC at the instant, in ms (wall clock minus UTC). */
export function zoneOffsetMs(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallAsUtc(wallAt(whole, zone)) - whole;
}

/** "UTC+08:00", "UTC−03:30", "UTC" for the zone's offset at the instant. */
export function offsetLabel(zone: string, ms = Date.now()): string {
  const minutes = Math.round(zoneOffsetMs(ms, zone) / 60_000);
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '−' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The instant as a `datetime-local` value ("2026-03-08T09:30") in the zone; seconds only when not zero. */
export function instantToWall(ms: number, zone: string): string {
  const w = wallAt(ms, zone);
  const base = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
  return w.second ? `${base}:${pad(w.second)}` : base;
}

export interface WallReading {
  /** Epoch ms. */
  at: number;
  /** 'gap': the time does not exist that day (DST spring-forward) and is read as the same time after it;
   *  'repeated': it happens twice (fall-back) and the first one is taken. */
  note?: 'gap' | 'repeated';
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * A `datetime-local` value read as a wall-clock time in `zone`, or null when it is not a complete
 * date and time. Like Temporal's "compatible" choice: a time in a DST gap moves forward by the gap,
 * a repeated time is its first occurrence.
 */
export function wallToInstant(local: string, zone: string): WallReading | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(asUtc).getUTCDate() !== day) return null;
  const day_ = 86_400_000;
  const before = zoneOffsetMs(asUtc - day_, zone);
  const after = zoneOffsetMs(asUtc + day_, zone);
  const matches = [asUtc - before, asUtc - after].filter((at) => wallAsUtc(wallAt(at, zone)) === asUtc);
  if (matches.length === 0) return { at: asUtc - before, note: 'gap' };
  const first = Math.min(...matches);
  return new Set(matches).size > 1 ? { at: first, note: 'repeated' } : { at: first };
}

const zonedFormats = new Map<string, Intl.DateTimeFormat>();

/** "Tue, Mar 10, 09:00" in the zone (the browser's locale). */
export function formatInZone(ms: number, zone: string, withSeconds = false): string {
  const key = `${zone}|${withSeconds}`;
  let format = zonedFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      timeZone: zone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds && { second: '2-digit' }),
    });
    zonedFormats.set(key, format);
  }
  return format.format(new Date(ms));
}

/** The browser's zone, or UTC when the browser does not say. */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every zone Intl knows, with UTC first (older engines: a short list). */
export function knownZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported('timeZone') : ['Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Shanghai', 'Asia/Tokyo'];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}
