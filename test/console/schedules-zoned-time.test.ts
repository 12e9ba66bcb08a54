/** datetime-local values read in a schedule's zone (not the browser's), DST gaps and repeats included. */
import { describe, expect, test } from 'vitest';
import { instantToWall, offsetLabel, wallToInstant, zoneOffsetMs } from '../../client/src/pages/schedules/zoned-time.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('wallToInstant', () => {
  test('reads the wall-clock time in the given zone, whatever the process zone', () => {
    expect(iso(wallToInstant('2030-05-01T09:00', 'Asia/Shanghai')?.at)).toBe('2030-05-01T01:00:00.000Z');
    expect(iso(wallToInstant('2030-05-01T09:00', 'UTC')?.at)).toBe('2030-05-01T09:00:00.000Z');
    expect(iso(wallToInstant('2030-01-15T09:00:30', 'America/New_York')?.at)).toBe('2030-01-15T14:00:30.000Z');
    expect(iso(wallToInstant('2030-07-15T09:00', 'America/New_York')?.at)).toBe('2030-07-15T13:00:00.000Z');
    expect(iso(wallToInstant('2030-07-15T09:00', 'Asia/Kolkata')?.at)).toBe('2030-07-15T03:30:00.000Z');
  });

  test('a time in the spring-forward gap moves forward by the gap, and says so', () => {
    // 2026-03-08 02:30 does not exist in New York (02:00 EST -> 03:00 EDT).
    const reading = wallToInstant('2026-03-08T02:30', 'America/New_York');
    expect(reading?.note).toBe('gap');
    expect(iso(reading?.at)).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });

  test('a repeated time after the fall-back is its first occurrence, and says so', () => {
    // 2026-11-01 01:30 happens twice in New York: first in EDT (05:30Z), then in EST (06:30Z).
    const reading = wallToInstant('2026-11-01T01:30', 'America/New_York');
    expect(reading?.note).toBe('repeated');
    expect(iso(reading?.at)).toBe('2026-11-01T05:30:00.000Z');
  });

  test('incomplete or impossible values are null', () => {
    expect(wallToInstant('', 'UTC')).toBeNull();
    expect(wallToInstant('2030-05-01', 'UTC')).toBeNull();
    expect(wallToInstant('2030-02-30T10:00', 'UTC')).toBeNull();
    expect(wallToInstant('2030-13-01T10:00', 'UTC')).toBeNull();
  });
});

describe('instantToWall and offsets', () => {
  test('round-trips with wallToInstant', () => {
    const at = Date.parse('2030-05-01T01:00:00Z');
    expect(instantToWall(at, 'Asia/Shanghai')).toBe('2030-05-01T09:00');
    expect(wallToInstant(instantToWall(at, 'Europe/Berlin'), 'Europe/Berlin')?.at).toBe(at);
    expect(instantToWall(Date.parse('2030-05-01T01:00:15Z'), 'UTC')).toBe('2030-05-01T01:00:15');
  });

  test('offsets and their labels', () => {
    expect(zoneOffsetMs(Date.parse('2030-01-01T00:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3_600_000);
    expect(offsetLabel('Asia/Shanghai', Date.parse('2030-01-01T00:00:00Z'))).toBe('UTC+08:00');
    expect(offsetLabel('America/St_Johns', Date.parse('2030-01-01T00:00:00Z'))).toBe('UTC−03:30');
    expect(offsetLabel('UTC')).toBe('UTC');
  });
});
