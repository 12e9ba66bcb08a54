/** The metrics page's windows, labels, series and its throttle for live refreshes. */
import { describe, expect, test } from 'vitest';
import { failureRate, formatPercent, hasValues, presetOf, sortTypeRows, throttle, tokenSeries, total, windowOf } from '../../client/src/pages/metrics/metrics-model.js';

describe('windows', () => {
  test('presets, with 24 h as the default', () => {
    expect(presetOf(undefined).value).toBe('24h');
    expect(presetOf('bogus').value).toBe('24h');
    expect(presetOf('7d').bucketSeconds).toBe(21_600);
  });

  test('the window ends with the bucket holding now, on round bucket times', () => {
    const now = Date.UTC(2024, 4, 1, 12, 34, 56);
    const w = windowOf(presetOf('24h'), now);
    expect(w).toEqual({ since: '2024-04-30T13:00:00.000Z', until: '2024-05-01T13:00:00.000Z', bucketSeconds: 3600 });
    const h = windowOf(presetOf('1h'), now);
    expect(h.until).toBe('2024-05-01T12:36:00.000Z');
    expect((Date.parse(h.until) - Date.parse(h.since)) / (h.bucketSeconds * 1000)).toBe(30);
  });

  test('now on a bucket boundary still falls inside the window', () => {
    const now = Date.UTC(2024, 4, 1, 12, 0, 0);
    expect(Date.parse(windowOf(presetOf('24h'), now).until)).toBeGreaterThan(now);
  });
});

describe('figures', () => {
  test('totals, emptiness and rates', () => {
    const points = [
      { at: 'a', value: 2 },
      { at: 'b', value: 3 },
    ];
    expect(total(points)).toBe(5);
    expect(hasValues([{ at: 'a', value: 0 }], [])).toBe(false);
    expect(hasValues([{ at: 'a', value: 0 }], points)).toBe(true);
    expect(failureRate(3, 1)).toBe(0.25);
    expect(failureRate(0, 0)).toBeNull();
    expect(formatPercent(0.25)).toBe('25%');
    expect(formatPercent(0.0123)).toBe('1.2%');
    expect(formatPercent(null)).toBe('—');
  });

  test('types are listed busiest first, then by name', () => {
    const rows = [
      { type: 'b', succeeded: 1, failed: 0, failureRate: 0 },
      { type: 'a', succeeded: 1, failed: 0, failureRate: 0 },
      { type: 'c', succeeded: 2, failed: 3, failureRate: 0.6 },
    ];
    expect(sortTypeRows(rows).map((r) => r.type)).toEqual(['c', 'a', 'b']);
  });

  test('token series split fresh and cached input', () => {
    const usage = (input: number, output: number, cached: number) => ({ inputTokens: input, outputTokens: output, cachedTokens: cached, totalTokens: input + output });
    const s = tokenSeries([
      { key: 'demo:small', calls: 1, usage: usage(10, 5, 0) },
      { key: 'openai:gpt', calls: 2, usage: usage(100, 20, 40) },
    ]);
    expect(s).toEqual({ labels: ['openai:gpt', 'demo:small'], fresh: [60, 10], cached: [40, 0], output: [20, 5] });
  });
});

describe('throttle', () => {
  function fakeClock() {
    let t = 0;
    const timers: { at: number; fn: () => void }[] = [];
    return {
      now: () => t,
      later: (fn: () => void, ms: number) => {
        const timer = { at: t + ms, fn };
        timers.push(timer);
        return timer;
      },
      cancel: (handle: unknown) => timers.splice(timers.indexOf(handle as never), 1),
      advance(ms: number) {
        t += ms;
        for (const timer of timers.filter((x) => x.at <= t)) {
          timers.splice(timers.indexOf(timer), 1);
          timer.fn();
        }
      },
    };
  }

  test('runs at once, then folds a burst into one run at the end of the gap', () => {
    const clock = fakeClock();
    let runs = 0;
    const th = throttle(() => runs++, 5000, clock);
    th.trigger();
    expect(runs).toBe(1);
    clock.advance(1000);
    th.trigger();
    th.trigger();
    th.trigger();
    expect(runs).toBe(1);
    clock.advance(4000);
    expect(runs).toBe(2);
    clock.advance(10_000);
    th.trigger();
    expect(runs).toBe(3);
  });

  test('cancel drops the pending run', () => {
    const clock = fakeClock();
    let runs = 0;
    const th = throttle(() => runs++, 5000, clock);
    th.trigger();
    th.trigger();
    th.cancel();
    clock.advance(6000);
    expect(runs).toBe(1);
  });
});
