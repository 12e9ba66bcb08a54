/** Durations on the schedules page: the unit helper, the retry ladder as text, and its description. */
import { describe, expect, test } from 'vitest';
import { describeLadder, formatLadder, formatSeconds, parseLadder, splitSeconds, toSeconds } from '../../client/src/pages/schedules/durations.js';

describe('unit helper', () => {
  test('splits seconds into the largest exact unit', () => {
    expect(splitSeconds(3600)).toEqual({ value: '1', unit: 'h' });
    expect(splitSeconds(5400)).toEqual({ value: '90', unit: 'min' });
    expect(splitSeconds(61)).toEqual({ value: '61', unit: 's' });
    expect(splitSeconds(0)).toEqual({ value: '0', unit: 's' });
  });

  test('turns a number in a unit into whole seconds, or null', () => {
    expect(toSeconds('2', 'h')).toBe(7200);
    expect(toSeconds('1.5', 'min')).toBe(90);
    expect(toSeconds('1.5', 's')).toBeNull();
    expect(toSeconds('', 's')).toBeNull();
    expect(toSeconds('-3', 's')).toBeNull();
    expect(toSeconds('abc', 'min')).toBeNull();
  });

  test('formats seconds as people write them', () => {
    expect(formatSeconds(45)).toBe('45 s');
    expect(formatSeconds(300)).toBe('5 min');
    expect(formatSeconds(3661)).toBe('1 h 1 min 1 s');
    expect(formatSeconds(2 * 86_400)).toBe('2 days');
  });
});

describe('retry ladder', () => {
  test('reads plain seconds and units, separated by commas or spaces', () => {
    expect(parseLadder('30, 60, 300')).toEqual({ seconds: [30, 60, 300] });
    expect(parseLadder('30s, 1m, 5m, 15m, 1h')).toEqual({ seconds: [30, 60, 300, 900, 3600] });
    expect(parseLadder('10 s 2 min 1d')).toEqual({ seconds: [10, 120, 86_400] });
    expect(parseLadder('')).toEqual({ seconds: [] });
  });

  test('says which step it cannot read', () => {
    expect(parseLadder('30, soon')).toEqual({ error: expect.stringContaining('"soon"') });
    expect(parseLadder('0.5s')).toEqual({ error: expect.stringContaining('"0.5s"') });
  });

  test('writes what it reads back', () => {
    const ladder = [30, 60, 300, 900, 3600, 86_400, 45];
    expect(formatLadder(ladder)).toBe('30s, 1m, 5m, 15m, 1h, 1d, 45s');
    expect(parseLadder(formatLadder(ladder))).toEqual({ seconds: ladder });
  });

  test('describes the waits, repeating the last step', () => {
    expect(describeLadder([30, 60], 3)).toBe('Retry 1 after 30 s, 2 after 1 min, 3 after 1 min.');
    expect(describeLadder([30], 0)).toBe('Failed runs are not retried.');
    expect(describeLadder([], 2)).toBe('Up to 2 retries, each at once.');
    expect(describeLadder([10], 8)).toMatch(/6 after 10 s, … up to 8\.$/);
  });
});
