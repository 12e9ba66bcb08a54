/** A call's timeline split into wait | to first token | generation, as the call drawer draws it. */
import { describe, expect, test } from 'vitest';
import { splitTimeline } from '../../client/src/pages/llm/timeline.js';

const at = (ms: number) => new Date(Date.UTC(2024, 0, 1) + ms).toISOString();

describe('splitTimeline', () => {
  test('a finished call has three phases in proportion, with their durations', () => {
    const t = splitTimeline({ status: 'SUCCEEDED', queuedAt: at(0), startedAt: at(100), firstTokenAt: at(400), finishedAt: at(1000) });
    expect(t.phases.map((p) => [p.key, p.ms])).toEqual([
      ['wait', 100],
      ['ttft', 300],
      ['generation', 600],
    ]);
    expect(t.totalMs).toBe(1000);
    expect(t.phases.map((p) => p.fraction)).toEqual([0.1, 0.3, 0.6]);
    expect(t.ongoing).toBe(false);
    expect(t.phases.every((p) => !p.ongoing)).toBe(true);
  });

  test('a queued call is waiting until now', () => {
    const t = splitTimeline({ status: 'QUEUED', queuedAt: at(0) }, Date.parse(at(250)));
    expect(t.phases).toHaveLength(1);
    expect(t.phases[0]).toMatchObject({ key: 'wait', ms: 250, fraction: 1, ongoing: true });
    expect(t.ongoing).toBe(true);
  });

  test('a running call before its first token: the second phase runs until now', () => {
    const t = splitTimeline({ status: 'RUNNING', queuedAt: at(0), startedAt: at(50) }, Date.parse(at(200)));
    expect(t.phases.map((p) => [p.key, p.ms, p.ongoing])).toEqual([
      ['wait', 50, false],
      ['ttft', 150, true],
    ]);
  });

  test('a streaming call: generation grows with the clock', () => {
    const call = { status: 'RUNNING', queuedAt: at(0), startedAt: at(0), firstTokenAt: at(100) };
    expect(splitTimeline(call, Date.parse(at(300))).phases.at(-1)).toMatchObject({ key: 'generation', ms: 200, ongoing: true });
    expect(splitTimeline(call, Date.parse(at(900))).phases.at(-1)).toMatchObject({ key: 'generation', ms: 800, ongoing: true });
  });

  test('a call that failed before any token ends its second phase at the failure', () => {
    const t = splitTimeline({ status: 'FAILED', queuedAt: at(0), startedAt: at(10), finishedAt: at(510) });
    expect(t.phases.map((p) => [p.key, p.ms])).toEqual([
      ['wait', 10],
      ['ttft', 500],
    ]);
    expect(t.phases[1]!.label).toMatch(/no token/);
  });

  test('a call cancelled while queued shows the wait until it ended', () => {
    const t = splitTimeline({ status: 'CANCELLED', queuedAt: at(0), finishedAt: at(70) });
    expect(t.phases.map((p) => [p.key, p.ms])).toEqual([['wait', 70]]);
  });

  test('zero-length phases share the bar evenly instead of dividing by zero', () => {
    const t = splitTimeline({ status: 'SUCCEEDED', queuedAt: at(0), startedAt: at(0), firstTokenAt: at(0), finishedAt: at(0) });
    expect(t.totalMs).toBe(0);
    expect(t.phases.map((p) => p.fraction)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  test('clock skew never makes a negative phase', () => {
    const t = splitTimeline({ status: 'SUCCEEDED', queuedAt: at(100), startedAt: at(90), firstTokenAt: at(200), finishedAt: at(300) });
    expect(t.phases[0]!.ms).toBe(0);
  });
});
