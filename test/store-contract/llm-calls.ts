/**
 * The store contract for LLM calls: the stored shape, updates and their announcements, lists and filters,
 * usage and purging.
 */
import { summariseUsage } from '../../src/engine/domain/llm-usage.js';
import { beforeEach, describe, expect, test } from 'vitest';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { LLM_CALL_STATUSES, ZERO_USAGE, type LlmCall, type LlmCallFilter, type LlmCallPatch } from '../../src/engine/domain/llm-call.js';
import { awaitEvent } from '../helpers/events.js';
import { T0, ORG, OTHER, makeCall, walkPages, type StoreHarness } from './harness.js';

export function defineLlmCallsContract(harness: StoreHarness): void {
  const { store, recordChanges } = harness;

  describe('llm calls', () => {
    /** A finished call: started `wait` ms after it was queued, took `duration`, first token after `ttft`. */
    function finishedCall(at: number, duration: number, ttft: number | undefined, overrides: Partial<LlmCall> = {}): LlmCall {
      const startedAt = at + 3;
      return makeCall({
        status: 'SUCCEEDED',
        queuedAt: at,
        startedAt,
        finishedAt: startedAt + duration,
        ...(ttft !== undefined && { firstTokenAt: startedAt + ttft }),
        updatedAt: startedAt + duration,
        ...overrides,
      });
    }

    async function insertCalls(...calls: LlmCall[]): Promise<LlmCall[]> {
      for (const call of calls) await store.llmCalls.insert(call);
      return calls;
    }

    const isCallEvent = (kind: 'llm.created' | 'llm.updated', id: string, match: (call: LlmCall) => boolean = () => true) =>
      (e: ChangeEvent): e is Extract<ChangeEvent, { kind: typeof kind }> =>
        e.kind === kind && e.call.id === id && match(e.call);

    test('insert and get return the call as given; another org or an unknown id gets undefined; announced as llm.created', async () => {
      const full = makeCall({
        provider: 'demo',
        model: 'echo-1',
        source: 'summarize',
        requestedBy: 'user-1',
        parentJobId: 'job-1',
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'héllo ✓', name: 'ann' },
        ],
        params: { temperature: 0.2, max_tokens: 50, stop: ['\n'], nested: { a: [1, null] } },
        output: [{ role: 'assistant', content: 'hi' }],
        error: { message: 'rate limited', code: 'RATE_LIMIT', httpStatus: 429 },
        usage: { inputTokens: 12, outputTokens: 3, cachedTokens: 4, totalTokens: 15 },
        status: 'FAILED',
        queuedAt: T0 - 50,
        startedAt: T0 - 40,
        firstTokenAt: T0 - 30,
        finishedAt: T0 - 20,
        retries: 2,
        updatedAt: T0 - 20,
      });
      const created = awaitEvent(store.changes, isCallEvent('llm.created', full.id), { label: 'llm.created' });
      await store.llmCalls.insert(full);
      expect((await created).call).toEqual(full);
      expect(await store.llmCalls.get(full.id, full.orgId)).toEqual(full);
      expect(await store.llmCalls.get(full.id, ORG)).toEqual(full);
      expect(await store.llmCalls.get(full.id, OTHER)).toBeUndefined();
      expect(await store.llmCalls.get('no-such-call', ORG)).toBeUndefined();

      const [bare] = await insertCalls(makeCall());
      const stored = await store.llmCalls.get(bare!.id, ORG);
      expect(stored).toEqual(bare);
      for (const absent of ['requestedBy', 'parentJobId', 'params', 'error', 'startedAt', 'firstTokenAt', 'finishedAt'] as const) {
        expect(stored, absent).not.toHaveProperty(absent);
      }
    });

    test('update applies only the fields in the patch, returns the call after it, and announces it as llm.updated', async () => {
      const [call] = await insertCalls(makeCall({ params: { temperature: 1 } }));
      const id = call!.id;
      const step = async (patch: LlmCallPatch, now: number): Promise<LlmCall> => {
        const announced = awaitEvent(store.changes, isCallEvent('llm.updated', id, (c) => c.updatedAt === now), { label: `llm.updated at ${now}` });
        const after = await store.llmCalls.update(id, patch, now);
        expect(after).toBeDefined();
        expect((await announced).call).toEqual(after);
        expect(await store.llmCalls.get(id, ORG)).toEqual(after);
        return after!;
      };

      const running = await step({ status: 'RUNNING', startedAt: T0 + 10 }, T0 + 10);
      expect(running).toEqual({ ...call, status: 'RUNNING', startedAt: T0 + 10, updatedAt: T0 + 10 });
      const streaming = await step({ firstTokenAt: T0 + 25 }, T0 + 25);
      expect(streaming).toEqual({ ...running, firstTokenAt: T0 + 25, updatedAt: T0 + 25 });
      const usage = { inputTokens: 10, outputTokens: 20, cachedTokens: 5, totalTokens: 30 };
      const output = [{ role: 'assistant', content: 'done ✓' }];
      const done = await step({ status: 'SUCCEEDED', output, usage, finishedAt: T0 + 90, retries: 1 }, T0 + 91);
      expect(done).toEqual({ ...streaming, status: 'SUCCEEDED', output, usage, finishedAt: T0 + 90, retries: 1, updatedAt: T0 + 91 });
      const failed = await step({ status: 'FAILED', error: { message: 'late failure', httpStatus: 500 } }, T0 + 95);
      expect(failed).toEqual({ ...done, status: 'FAILED', error: { message: 'late failure', httpStatus: 500 }, updatedAt: T0 + 95 });
      // An empty patch still records the time of the touch.
      expect(await step({}, T0 + 99)).toEqual({ ...failed, updatedAt: T0 + 99 });

      // An unknown call: nothing changes and nothing is announced (the next event is the next real update).
      const recorder = recordChanges();
      expect(await store.llmCalls.update('no-such-call', { status: 'FAILED' }, T0 + 100)).toBeUndefined();
      await store.llmCalls.update(id, { retries: 2 }, T0 + 101);
      const [event] = await recorder.waitForCount(1);
      expect(event).toMatchObject({ kind: 'llm.updated', call: { id, retries: 2, updatedAt: T0 + 101 } });
    });

    describe('list and count', () => {
      let mine: LlmCall[];
      let theirs: LlmCall[];

      beforeEach(async () => {
        mine = [];
        for (let i = 0; i < 20; i++) {
          mine.push(
            makeCall({
              // Pairs share queuedAt: ties at page edges.
              queuedAt: T0 + Math.floor(i / 2) * 10,
              status: LLM_CALL_STATUSES[i % 5]!,
              source: ['console', 'summarize', 'translate'][i % 3]!,
              provider: i % 4 === 0 ? 'demo' : 'openai',
              model: i % 4 === 0 ? 'echo' : ['gpt-a', 'gpt-b'][i % 2]!,
              ...(i % 3 === 1 && { requestedBy: ['alice', 'bob'][i % 2]! }),
              ...(i >= 6 && i < 9 && { parentJobId: 'job-p' }),
            }),
          );
        }
        theirs = [makeCall({ orgId: OTHER }), makeCall({ orgId: OTHER, queuedAt: T0 + 40, parentJobId: 'job-p' })];
        // Inserted out of order: the list order is the store's doing.
        await insertCalls(...[...mine].reverse(), ...theirs);
      });

      /** The list order: newest first, then id descending. */
      const newestFirst = (calls: LlmCall[]) =>
        [...calls].sort((a, b) => b.queuedAt - a.queuedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((c) => c.id);

      const walkCalls = (orgId: string, filter: LlmCallFilter, pageSize: number): Promise<LlmCall[]> =>
        walkPages((page) => store.llmCalls.list(orgId, filter, page), pageSize);

      test('pages walk every call once, newest first (ties by id), and agree with count', async () => {
        for (const pageSize of [3, 4, 7, 100]) {
          const walked = await walkCalls(ORG, {}, pageSize);
          expect(walked.map((c) => c.id)).toEqual(newestFirst(mine));
        }
        expect((await walkCalls(ORG, {}, 100)).find((c) => c.id === mine[5]!.id)).toEqual(mine[5]);
        expect(await store.llmCalls.count(ORG, {})).toBe(mine.length);
        const exact = await store.llmCalls.list(ORG, {}, { first: mine.length });
        expect(exact.items).toHaveLength(mine.length);
        expect(exact.hasNextPage).toBe(false);
        expect((await store.llmCalls.list(ORG, {}, { first: mine.length - 1 })).hasNextPage).toBe(true);
      });

      const cases: Array<[string, LlmCallFilter, (c: LlmCall) => boolean]> = [
        ['status', { status: ['FAILED', 'CANCELLED'] }, (c) => c.status === 'FAILED' || c.status === 'CANCELLED'],
        ['source', { source: ['translate'] }, (c) => c.source === 'translate'],
        ['requestedBy', { requestedBy: ['alice'] }, (c) => c.requestedBy === 'alice'],
        ['provider', { provider: ['demo'] }, (c) => c.provider === 'demo'],
        ['model', { model: ['gpt-a', 'echo'] }, (c) => c.model === 'gpt-a' || c.model === 'echo'],
        ['parentJobId', { parentJobId: 'job-p' }, (c) => c.parentJobId === 'job-p'],
        // since is inclusive and until exclusive: T0 + 20 and T0 + 60 are queue times of pairs.
        ['since (inclusive)', { since: T0 + 20 }, (c) => c.queuedAt >= T0 + 20],
        ['until (exclusive)', { until: T0 + 60 }, (c) => c.queuedAt < T0 + 60],
        ['since and until', { since: T0 + 20, until: T0 + 60 }, (c) => c.queuedAt >= T0 + 20 && c.queuedAt < T0 + 60],
        ['since = until is empty', { since: T0 + 20, until: T0 + 20 }, () => false],
        ['several at once', { status: ['QUEUED', 'RUNNING', 'SUCCEEDED'], provider: ['openai'], since: T0 + 10 }, (c) =>
          ['QUEUED', 'RUNNING', 'SUCCEEDED'].includes(c.status) && c.provider === 'openai' && c.queuedAt >= T0 + 10],
        ['a value nobody has', { model: ['nope'] }, () => false],
      ];

      for (const [label, filter, expected] of cases) {
        test(`filter: ${label}`, async () => {
          const want = mine.filter(expected);
          if (!label.includes('empty') && !label.includes('nobody')) expect(want.length, 'the case selects something').toBeGreaterThan(0);
          expect(want.length, 'the case leaves something out').toBeLessThan(mine.length);
          for (const pageSize of [2, 100]) expect((await walkCalls(ORG, filter, pageSize)).map((c) => c.id)).toEqual(newestFirst(want));
          expect(await store.llmCalls.count(ORG, filter)).toBe(want.length);
        });
      }

      test('another org’s calls never appear, and each org counts its own', async () => {
        expect((await walkCalls(ORG, { parentJobId: 'job-p' }, 2)).every((c) => c.orgId === ORG)).toBe(true);
        expect((await walkCalls(OTHER, {}, 1)).map((c) => c.id)).toEqual(newestFirst(theirs));
        expect(await store.llmCalls.count(OTHER, {})).toBe(2);
        expect(await store.llmCalls.count(OTHER, { parentJobId: 'job-p' })).toBe(1);
        expect(await store.llmCalls.count('org-nobody', {})).toBe(0);
        expect(await store.llmCalls.get(theirs[0]!.id, ORG)).toBeUndefined();
      });

      test('a garbage cursor is a ValidationError', async () => {
        const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
        // [1, 2, 3] has the shape of another list's cursor; [T0, 5] the right length but not the types.
        const garbage = ['not a cursor', encode({ a: 1 }), encode([]), encode(['x', 'y']), encode([1, 2, 3]), encode([T0, 5])];
        for (const after of garbage) {
          await expect(store.llmCalls.list(ORG, {}, { first: 5, after }), after).rejects.toBeInstanceOf(ValidationError);
        }
      });
    });

    test('usageOfJob sums the tokens of one job’s calls, and is zero for a job without any', async () => {
      await insertCalls(
        makeCall({ parentJobId: 'job-1', usage: { inputTokens: 10, outputTokens: 5, cachedTokens: 2, totalTokens: 15 } }),
        makeCall({ parentJobId: 'job-1', usage: { inputTokens: 7, outputTokens: 1, cachedTokens: 0, totalTokens: 8 }, status: 'FAILED' }),
        makeCall({ parentJobId: 'job-1' }),
        makeCall({ parentJobId: 'job-2', usage: { inputTokens: 100, outputTokens: 100, cachedTokens: 100, totalTokens: 200 } }),
        makeCall({ usage: { inputTokens: 1000, outputTokens: 1000, cachedTokens: 0, totalTokens: 2000 } }),
      );
      expect(await store.llmCalls.usageOfJob(ORG, 'job-1')).toEqual({ inputTokens: 17, outputTokens: 6, cachedTokens: 2, totalTokens: 23 });
      expect(await store.llmCalls.usageOfJob(ORG, 'job-none')).toEqual(ZERO_USAGE);
      expect(await store.llmCalls.usageOfJob(OTHER, 'job-1')).toEqual(ZERO_USAGE);
    });

    test('usage: calls, failures, tokens and p95 (nearest rank) per model and per source, in the window', async () => {
      const since = T0;
      const until = T0 + 100_000;
      const calls: LlmCall[] = [];
      // openai:gpt-a / summarize: 20 finished calls taking 10, 20, ..., 200 ms; the first ten have a
      // first token after 1..10 ms; two of them failed.
      for (let i = 1; i <= 20; i++) {
        calls.push(
          finishedCall(since + i * 100, i * 10, i <= 10 ? i : undefined, {
            source: 'summarize',
            ...(i === 3 || i === 7 ? { status: 'FAILED', error: { message: 'boom' } } : {}),
            usage: { inputTokens: i, outputTokens: 2 * i, cachedTokens: i % 2, totalTokens: 3 * i },
          }),
        );
      }
      // openai:gpt-a / translate: one slow call.
      calls.push(finishedCall(since + 5000, 1000, 400, { source: 'translate', usage: { inputTokens: 50, outputTokens: 50, cachedTokens: 0, totalTokens: 100 } }));
      // demo:echo / console: one finished, one running with a first token (not finished: no timings), one queued.
      calls.push(
        finishedCall(since + 6000, 50, 7, { provider: 'demo', model: 'echo', usage: { inputTokens: 1, outputTokens: 1, cachedTokens: 0, totalTokens: 2 } }),
        makeCall({ provider: 'demo', model: 'echo', status: 'RUNNING', queuedAt: since + 6001, startedAt: since + 6002, firstTokenAt: since + 6003 }),
        makeCall({ provider: 'demo', model: 'echo', queuedAt: since }),
      );
      // openai:gpt-b / summarize: failed before it started, and one still queued at the last moment.
      calls.push(
        makeCall({ model: 'gpt-b', source: 'summarize', status: 'FAILED', queuedAt: since + 7000, finishedAt: since + 7001, error: { message: 'no key' } }),
        makeCall({ model: 'gpt-b', source: 'summarize', queuedAt: until - 1 }),
      );
      await insertCalls(
        ...calls,
        // Outside the window or the org: never counted.
        finishedCall(since - 1, 99_999, 99_999, { status: 'FAILED' }),
        finishedCall(until, 99_999, 99_999, { status: 'FAILED' }),
        finishedCall(since + 10, 99_999, 99_999, { orgId: OTHER, status: 'FAILED' }),
        makeCall({ model: 'gpt-z', queuedAt: until }),
      );

      const gptA = { inputTokens: 210 + 50, outputTokens: 420 + 50, cachedTokens: 10, totalTokens: 630 + 100 };
      const { byModel, bySource } = summariseUsage(await store.llmCalls.usage(ORG, since, until));
      expect(byModel).toEqual([
        { key: 'demo:echo', calls: 3, failed: 0, costMicros: 0, unpricedCalls: 3, usage: { inputTokens: 1, outputTokens: 1, cachedTokens: 0, totalTokens: 2 }, p95DurationMs: 50, p95TtftMs: 7 },
        // 21 durations (10..200, 1000): rank ceil(0.95 * 21) = 20 -> 200; 11 ttfts (1..10, 400): rank 11 -> 400.
        { key: 'openai:gpt-a', calls: 21, failed: 2, costMicros: 0, unpricedCalls: 21, usage: gptA, p95DurationMs: 200, p95TtftMs: 400 },
        { key: 'openai:gpt-b', calls: 2, failed: 1, costMicros: 0, unpricedCalls: 2, usage: { ...ZERO_USAGE } },
      ]);
      expect(byModel[2]).not.toHaveProperty('p95DurationMs');
      expect(byModel[2]).not.toHaveProperty('p95TtftMs');
      expect(bySource).toEqual([
        { key: 'console', calls: 3, failed: 0, costMicros: 0, unpricedCalls: 3, usage: { inputTokens: 1, outputTokens: 1, cachedTokens: 0, totalTokens: 2 }, p95DurationMs: 50, p95TtftMs: 7 },
        // 20 durations (10..200): rank 19 -> 190; 10 ttfts (1..10): rank 10 -> 10.
        {
          key: 'summarize',
          calls: 22,
          failed: 3,
          costMicros: 0, // none of these calls has a price
          unpricedCalls: 22,
          usage: { inputTokens: 210, outputTokens: 420, cachedTokens: 10, totalTokens: 630 },
          p95DurationMs: 190,
          p95TtftMs: 10,
        },
        { key: 'translate', calls: 1, failed: 0, costMicros: 0, unpricedCalls: 1, usage: { inputTokens: 50, outputTokens: 50, cachedTokens: 0, totalTokens: 100 }, p95DurationMs: 1000, p95TtftMs: 400 },
      ]);

      // A call finished without a first token counts for duration only.
      const noTtft = summariseUsage(await store.llmCalls.usage(ORG, since + 1100, since + 2100));
      expect(noTtft.byModel).toEqual([
        { key: 'openai:gpt-a', calls: 10, failed: 0, costMicros: 0, unpricedCalls: 10, usage: expect.any(Object), p95DurationMs: 200 },
      ]);
      expect(noTtft.byModel[0]).not.toHaveProperty('p95TtftMs');
      expect(summariseUsage(await store.llmCalls.usage(ORG, until + 1, until + 2))).toEqual({ byModel: [], bySource: [], bySchedule: [] });
      expect(summariseUsage(await store.llmCalls.usage('org-nobody', since, until))).toEqual({ byModel: [], bySource: [], bySchedule: [] });
    });

    test('purge deletes calls queued before the cutoff, in every org, oldest first, at most max', async () => {
      const [a, b, c, d, e] = await insertCalls(
        makeCall({ queuedAt: T0 - 30 }),
        makeCall({ queuedAt: T0 - 20, orgId: OTHER }),
        makeCall({ queuedAt: T0 - 10, status: 'RUNNING' }),
        makeCall({ queuedAt: T0 }),
        makeCall({ queuedAt: T0 + 10 }),
      );
      expect(await store.llmCalls.purge(T0, 2)).toBe(2);
      expect(await store.llmCalls.get(a!.id, ORG)).toBeUndefined();
      expect(await store.llmCalls.get(b!.id, OTHER)).toBeUndefined();
      expect(await store.llmCalls.get(c!.id, ORG)).toBeDefined();
      expect(await store.llmCalls.purge(T0, 10)).toBe(1);
      expect(await store.llmCalls.purge(T0, 10)).toBe(0);
      expect(await store.llmCalls.get(c!.id, ORG)).toBeUndefined();
      expect((await store.llmCalls.list(ORG, {}, { first: 10 })).items.map((i) => i.node.id)).toEqual([e!.id, d!.id]);
    });
  });
}
