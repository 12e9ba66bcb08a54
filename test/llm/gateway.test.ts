/**
 * The LLM gateway over a real SQLite store and a fake OpenAI-compatible server on loopback: the
 * recorded timeline, retries (Retry-After honoured), failures, cancellation, timeouts, the limiter's
 * concurrency and requests-per-minute holds, the status figures, validation and streaming.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { createLlmGateway, type LlmCaller, type LlmGateway, type LlmSchedulerStatus } from '../../src/engine/runtime/llm/index.js';
import type { LimitSettings } from '../../src/engine/runtime/llm/limiter.js';
import type { LlmSettings } from '../../src/engine/runtime/llm/index.js';
import { ProviderError } from '../../src/engine/runtime/llm/provider.js';
import type { LlmCall } from '../../src/engine/domain/llm-call.js';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { until } from '../helpers/events.js';
import { drop, hang, ok, startFakeOpenAi, status, type FakeOpenAi } from '../helpers/fake-openai.js';
import { useTempDirs } from '../helpers/tmp.js';

const KEY = 'sk-test';
const tmp = useTempDirs('jobcenter-llm-');
const MESSAGES = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Name a colour.' },
  { role: 'assistant', content: 'Blue.' },
  { role: 'user', content: 'Another.' },
];
const CALLER: LlmCaller = { orgId: 'org-1', source: 'console', requestedBy: 'alice', parentJobId: 'job-123' };

let fake: FakeOpenAi;
let store: Store;
let closeGateway: (() => Promise<void>) | undefined;
const controllers: AbortController[] = [];

beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(async () => {
  for (const c of controllers.splice(0)) c.abort(new Error('test over'));
  await closeGateway?.();
  closeGateway = undefined;
  await store?.close();
  await fake.close();
});

function gatewayWith(limits: LimitSettings = {}, settings: Partial<LlmSettings> = {}): LlmGateway {
  store = openSqliteStore({ file: tmp.file() });
  const made = createLlmGateway(
    {
      providers: [{ name: 'fake', baseUrl: `${fake.url}/v1`, apiKey: KEY, limits }],
      defaultProvider: 'fake',
      demoLimits: {},
      maxRetries: 3,
      timeoutMs: 30_000,
      retryBaseMs: 10,
      demo: { firstTokenMs: 5, tokenMs: 1 },
      ...settings,
    },
    store,
    silentLogger,
  );
  closeGateway = made.close;
  return made.gateway;
}

const controller = () => {
  const c = new AbortController();
  controllers.push(c);
  return c;
};
const call = async (id: string): Promise<LlmCall> => {
  const found = await store.llmCalls.get(id, CALLER.orgId);
  if (!found) throw new Error(`call ${id} was not recorded`);
  return found;
};
const onlyCall = async (): Promise<LlmCall> => {
  const page = await store.llmCalls.list('org-1', {}, { first: 10 });
  expect(page.items).toHaveLength(1);
  return page.items[0]!.node;
};
const limiterOf = (gateway: LlmGateway, key = 'fake:*') => gateway.status().limiters.find((l) => l.key === key);
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('recording', () => {
  test('a call goes QUEUED -> RUNNING -> SUCCEEDED with its input, output, usage and timeline', async () => {
    const gateway = gatewayWith();
    fake.respond(ok(['Green', ', ', 'of', ' course.'], { delayMs: 20, usage: { promptTokens: 40, completionTokens: 4, cachedTokens: 32 } }));
    const seen: ChangeEvent[] = [];
    const stop = store.changes.subscribe((e) => (e.kind === 'llm.created' || e.kind === 'llm.updated') && seen.push(e));
    const response = await gateway.chat(CALLER, { model: 'm', messages: MESSAGES, temperature: 0.3, max_tokens: 64 });
    stop();

    const sent = fake.requests[0]!;
    expect(response.content).toBe(sent.sentText);
    expect(response.usage).toEqual({ inputTokens: 40, outputTokens: 4, cachedTokens: 32, totalTokens: 44 });
    const recorded = await call(response.callId);
    expect(recorded).toMatchObject({
      orgId: 'org-1',
      provider: 'fake',
      model: 'm',
      source: 'console',
      requestedBy: 'alice',
      parentJobId: 'job-123',
      status: 'SUCCEEDED',
      messages: MESSAGES,
      params: { temperature: 0.3, max_tokens: 64 },
      output: [{ role: 'assistant', content: sent.sentText }],
      usage: response.usage,
      retries: 0,
    });
    expect(recorded.error).toBeUndefined();
    const { queuedAt, startedAt, firstTokenAt, finishedAt } = recorded;
    expect(startedAt).toBeGreaterThanOrEqual(queuedAt);
    expect(firstTokenAt).toBeGreaterThanOrEqual(startedAt!);
    expect(finishedAt).toBeGreaterThanOrEqual(firstTokenAt!);
    // The pieces came 20 ms apart: the first token is timed before the end.
    expect(finishedAt! - firstTokenAt!).toBeGreaterThanOrEqual(3 * 20 - 5);

    const statuses = seen.map((e) => (e as { call: LlmCall }).call).filter((c) => c.id === response.callId).map((c) => c.status);
    expect(seen[0]!.kind).toBe('llm.created');
    expect(statuses.filter((s, i) => s !== statuses[i - 1])).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    // The whole conversation and the params went to the provider.
    expect(sent.body).toMatchObject({ model: 'm', messages: MESSAGES, temperature: 0.3, max_tokens: 64 });
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  test('the demo provider answers locally and is recorded as demo', async () => {
    const gateway = gatewayWith();
    const response = await gateway.chat(CALLER, { provider: 'demo', model: 'demo-1', messages: MESSAGES });
    expect(response.content.length).toBeGreaterThan(0);
    expect(await call(response.callId)).toMatchObject({ provider: 'demo', model: 'demo-1', status: 'SUCCEEDED' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('retries and failures', () => {
  test('429 then success: one retry, no sooner than the Retry-After the server sent', async () => {
    const gateway = gatewayWith();
    const retryAfter = '1';
    fake.respond(status(429, { retryAfter }), ok(['Red.']));
    const response = await gateway.chat(CALLER, { model: 'm', messages: MESSAGES });
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests;
    expect(response.content).toBe(second!.sentText);
    // A lower bound only (the fake ended its 429 before the client could read it; 5 ms for clock rounding).
    expect(second!.receivedAt - first!.endedAt!).toBeGreaterThanOrEqual(Number(retryAfter) * 1000 - 5);
    expect(await call(response.callId)).toMatchObject({ status: 'SUCCEEDED', retries: 1, output: [{ role: 'assistant', content: second!.sentText }] });
    expect(limiterOf(gateway)).toMatchObject({ rateLimited: 1, done: 2, running: 0, queued: 0 });
  });

  test('5xx until the retries run out: FAILED with the HTTP status', async () => {
    const gateway = gatewayWith({}, { maxRetries: 2 });
    fake.fallback = status(503);
    const error = await rejection(gateway.chat(CALLER, { model: 'm', messages: MESSAGES }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(fake.requests).toHaveLength(3);
    const recorded = await onlyCall();
    expect(recorded).toMatchObject({ status: 'FAILED', retries: 2, error: { httpStatus: 503, code: 'HTTP_503' } });
    expect(recorded.finishedAt).toBeGreaterThanOrEqual(recorded.queuedAt);
  });

  test('400: FAILED at once, no retry', async () => {
    const gateway = gatewayWith();
    fake.respond(status(400, { body: { error: { message: 'bad temperature', type: 'invalid_request_error' } } }));
    const error = await rejection(gateway.chat(CALLER, { model: 'm', messages: MESSAGES, temperature: 9 }));
    expect(error).toMatchObject({ httpStatus: 400, retryable: false });
    expect(fake.requests).toHaveLength(1);
    const recorded = await onlyCall();
    expect(recorded).toMatchObject({ status: 'FAILED', retries: 0, error: { httpStatus: 400 } });
    expect(recorded.error!.message).toContain('bad temperature');
  });

  test('a connection broken mid-answer is retried for chat(), whose caller saw no pieces', async () => {
    const gateway = gatewayWith();
    fake.respond(drop(['Half', ' a'], 5), ok(['Whole', ' answer.']));
    const response = await gateway.chat(CALLER, { model: 'm', messages: MESSAGES });
    expect(response.content).toBe(fake.requests[1]!.sentText);
    expect(await call(response.callId)).toMatchObject({ status: 'SUCCEEDED', retries: 1 });
  });

  test('a stream broken mid-answer is not retried into repeated pieces: FAILED, NETWORK', async () => {
    const gateway = gatewayWith();
    fake.respond(drop(['Half', ' a'], 5), ok(['Whole', ' answer.']));
    const stream = gateway.stream(CALLER, { model: 'm', messages: MESSAGES });
    const pieces: string[] = [];
    const error = await rejection((async () => {
      for await (const piece of stream) pieces.push(piece);
    })());
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(pieces.join('')).toBe(fake.requests[0]!.sentText);
    expect(fake.requests).toHaveLength(1);
    expect(await onlyCall()).toMatchObject({ status: 'FAILED', retries: 0, error: { code: 'NETWORK' } });
  });
});

describe('cancellation and timeouts', () => {
  test('aborted while waiting in the limiter, then while running: both CANCELLED, promises rejected', async () => {
    const gateway = gatewayWith({ maxConcurrent: 1 });
    fake.fallback = hang();
    const running = controller();
    const waiting = controller();
    const first = gateway.chat({ ...CALLER, signal: running.signal }, { model: 'm', messages: MESSAGES });
    const second = gateway.chat({ ...CALLER, signal: waiting.signal }, { model: 'm', messages: MESSAGES });
    first.catch(() => undefined);
    second.catch(() => undefined);
    await fake.waitForRequests(1);
    await until(() => limiterOf(gateway)?.queued === 1 && limiterOf(gateway)?.running === 1, { label: 'one running, one queued' });

    const waitReason = new Error('no longer needed');
    waiting.abort(waitReason);
    await expect(second).rejects.toBe(waitReason);
    const calls = (await store.llmCalls.list('org-1', {}, { first: 10 })).items.map((i) => i.node);
    const waited = calls.find((c) => c.status !== 'RUNNING')!;
    expect(waited).toMatchObject({ status: 'CANCELLED', error: { code: 'CANCELLED' } });
    expect(waited.startedAt).toBeUndefined();
    expect(limiterOf(gateway)).toMatchObject({ queued: 0, running: 1 });

    const runReason = new Error('stop it');
    running.abort(runReason);
    await expect(first).rejects.toBe(runReason);
    await fake.waitForAbort(0);
    const ran = calls.find((c) => c.id !== waited.id)!;
    expect(await call(ran.id)).toMatchObject({ status: 'CANCELLED', startedAt: expect.any(Number), finishedAt: expect.any(Number) });
    await until(() => limiterOf(gateway)?.running === 0, { label: 'the running call to leave the limiter' });
    expect(limiterOf(gateway)).toMatchObject({ queued: 0, running: 0 });
    expect(fake.requests).toHaveLength(1);
  });

  test('aborted while waiting to retry (a long Retry-After): CANCELLED, no second request', async () => {
    const gateway = gatewayWith();
    fake.respond(status(429, { retryAfter: '60' }));
    const caller = controller();
    const pending = gateway.chat({ ...CALLER, signal: caller.signal }, { model: 'm', messages: MESSAGES });
    pending.catch(() => undefined);
    await fake.waitForRequests(1);
    await until(async () => (await onlyCall()).retries === 1, { label: 'the retry to be counted' });
    const reason = new Error('not waiting a minute');
    caller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await onlyCall()).toMatchObject({ status: 'CANCELLED', retries: 1 });
    expect(fake.requests).toHaveLength(1);
  });

  test('the per-call timeout: FAILED with code TIMEOUT, the request abandoned', async () => {
    const gateway = gatewayWith({}, { timeoutMs: 300 });
    fake.respond(hang());
    const error = await rejection(gateway.chat(CALLER, { model: 'm', messages: MESSAGES }));
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect(await onlyCall()).toMatchObject({ status: 'FAILED', error: { code: 'TIMEOUT' } });
    await fake.waitForAbort(0);
  });
});

describe('the limiter', () => {
  test('a configured model has its own limiter with its limits; any other model shares the provider default, provider:*', async () => {
    const gateway = gatewayWith({ maxConcurrent: 3 }, {
      providers: [{ name: 'fake', baseUrl: `${fake.url}/v1`, apiKey: KEY, limits: { maxConcurrent: 3 }, models: { known: { maxConcurrent: 1 } } }],
    });
    fake.respond(ok(['a']), ok(['b']), ok(['c']), ok(['d']));
    for (const model of ['known', 'made-up-1', 'made-up-2', 'made-up-3']) await gateway.chat(CALLER, { model, messages: MESSAGES });
    expect(gateway.status().limiters).toMatchObject([
      { key: 'fake:*', maxConcurrent: 3, done: 3 },
      { key: 'fake:known', maxConcurrent: 1, done: 1 },
    ]);
  });

  test('maxConcurrent is never exceeded, and status() counts what happened', async () => {
    const gateway = gatewayWith({ maxConcurrent: 2 });
    fake.fallback = ok(['one', ' two', ' three'], { delayMs: 30 });
    const calls = Array.from({ length: 6 }, (_, i) => gateway.chat(CALLER, { model: 'm', messages: [{ role: 'user', content: `q${i}` }] }));
    await until(() => limiterOf(gateway)?.running === 2 && limiterOf(gateway)?.queued === 4, { label: '2 running, 4 queued' });
    expect(gateway.status()).toMatchObject({ queued: 4, running: 2 });
    const responses = await Promise.all(calls);
    expect(responses.map((r) => r.content)).toEqual(fake.requests.map((r) => r.sentText));
    expect(fake.requests).toHaveLength(6);
    expect(fake.maxInFlight).toBe(2);
    expect(limiterOf(gateway)).toEqual({ key: 'fake:*', maxConcurrent: 2, queued: 0, running: 0, done: 6, rateLimited: 0, callsLastMinute: 6 });
    expect(gateway.status()).toMatchObject({ queued: 0, running: 0 });
  });

  test('requestsPerMinute holds calls beyond it until the reservoir refills', async () => {
    const gateway = gatewayWith({ requestsPerMinute: 2 });
    const third = controller();
    const done = await Promise.all([0, 1].map(() => gateway.chat(CALLER, { model: 'm', messages: MESSAGES })));
    expect(done).toHaveLength(2);
    const held = gateway.chat({ ...CALLER, signal: third.signal }, { model: 'm', messages: MESSAGES });
    held.catch(() => undefined);
    await until(() => limiterOf(gateway)?.queued === 1, { label: 'the third call to queue' });
    // A while later it is still held: nothing more reached the server.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests).toHaveLength(2);
    expect(limiterOf(gateway)).toMatchObject({ requestsPerMinute: 2, queued: 1, running: 0, done: 2, callsLastMinute: 2 });
    third.abort(new Error('not waiting a minute'));
    await expect(held).rejects.toThrow('not waiting a minute');
    expect(limiterOf(gateway)).toMatchObject({ queued: 0 });
    expect((await store.llmCalls.list('org-1', { status: ['CANCELLED'] }, { first: 10 })).items).toHaveLength(1);
  });

  test('tokensPerMinute: each estimate is corrected by the usage reported, both ways', async () => {
    const gateway = gatewayWith({ tokensPerMinute: 300 });
    // Each call is estimated at about 103 tokens (max_tokens 100 plus the prompt).
    const input = { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 100 };
    const small = { promptTokens: 10, completionTokens: 7, cachedTokens: 0 };
    fake.respond(...[0, 1, 2].map(() => ok(['small'], { usage: small })), ok(['big'], { usage: { promptTokens: 100, completionTokens: 200, cachedTokens: 0 } }));
    // Three small answers fit only because the unused part of each estimate is given back.
    for (let i = 0; i < 3; i++) await gateway.chat(CALLER, input);
    // One reporting 300 tokens takes more than it was estimated at: the reservoir is spent.
    await gateway.chat(CALLER, input);
    expect(fake.requests).toHaveLength(4);
    const next = controller();
    const held = gateway.chat({ ...CALLER, signal: next.signal }, input);
    held.catch(() => undefined);
    await until(() => limiterOf(gateway)?.queued === 1, { label: 'the fifth call to queue' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests).toHaveLength(4);
    expect(limiterOf(gateway)).toMatchObject({ tokensPerMinute: 300, queued: 1, running: 0, done: 4 });
    next.abort(new Error('enough'));
    await expect(held).rejects.toThrow('enough');
  });

  test('tokensPerMinute: a provider that reports no usage keeps its estimate (nothing is given back)', async () => {
    const gateway = gatewayWith({ tokensPerMinute: 300 });
    // About 103 tokens each: two fit in 300, the third must wait for the refill.
    const input = { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 100 };
    fake.respond(ok(['a'], { usage: null }), ok(['b'], { usage: null }), ok(['c'], { usage: null }));
    await gateway.chat(CALLER, input);
    await gateway.chat(CALLER, input);
    const next = controller();
    const held = gateway.chat({ ...CALLER, signal: next.signal }, input);
    held.catch(() => undefined);
    await until(() => limiterOf(gateway)?.queued === 1, { label: 'the third call to queue' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests).toHaveLength(2);
    next.abort(new Error('enough'));
    await expect(held).rejects.toThrow('enough');
  });

  test('onStatusChange: listeners hear of changes, coalesced, and stop when unsubscribed', async () => {
    const gateway = gatewayWith({ maxConcurrent: 2 });
    const heard: LlmSchedulerStatus[] = [];
    const unsubscribe = gateway.onStatusChange((s) => heard.push(s));
    await Promise.all(Array.from({ length: 5 }, () => gateway.chat(CALLER, { model: 'm', messages: MESSAGES })));
    // Each call changes the figures at least 3 times (queued, running, done): 15 changes.
    await until(() => heard.at(-1)?.limiters[0]?.done === 5, { label: 'a status with all 5 calls done' });
    expect(heard.at(-1)).toMatchObject({ queued: 0, running: 0, limiters: [{ key: 'fake:*', done: 5 }] });
    expect(heard.length).toBeLessThan(15);
    unsubscribe();
    const count = heard.length;
    await gateway.chat(CALLER, { model: 'm', messages: MESSAGES });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(heard).toHaveLength(count);
  });
});

describe('validation and streaming', () => {
  test('unknown provider and empty messages: ValidationError with their paths, nothing recorded or sent', async () => {
    const gateway = gatewayWith();
    const e1 = await rejection(gateway.chat(CALLER, { provider: 'nope', model: 'm', messages: MESSAGES }));
    expect(e1).toBeInstanceOf(ValidationError);
    expect((e1 as ValidationError).issues.map((i) => i.path)).toEqual(['provider']);
    const e2 = await rejection(gateway.chat(CALLER, { model: 'm', messages: [] }));
    expect(e2).toBeInstanceOf(ValidationError);
    expect((e2 as ValidationError).issues.map((i) => i.path)).toEqual(['messages']);
    const e3 = await rejection(gateway.chat(CALLER, { model: 'm', messages: [{ role: 'user', content: 5 as unknown as string }] }));
    expect((e3 as ValidationError).issues.map((i) => i.path)).toEqual(['messages.0.content']);
    expect(await store.llmCalls.count('org-1', {})).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });

  test('stream() yields the pieces in order; result resolves with the whole text', async () => {
    const gateway = gatewayWith();
    const pieces = ['Cyan', ' is', ' a', ' colour', '.'];
    fake.respond(ok(pieces, { delayMs: 10 }));
    const stream = gateway.stream(CALLER, { model: 'm', messages: MESSAGES });
    const got: string[] = [];
    for await (const piece of stream) got.push(piece);
    expect(got).toEqual(pieces);
    const result = await stream.result;
    expect(result.content).toBe(fake.requests[0]!.sentText);
    expect(await call(result.callId)).toMatchObject({ status: 'SUCCEEDED', output: [{ role: 'assistant', content: result.content }] });
  });

  test('a reader that stops reading a stream early cancels the call', async () => {
    const gateway = gatewayWith();
    fake.respond(ok(['one', ' two', ' three', ' four'], { delayMs: 50, hangAfter: true }));
    const stream = gateway.stream(CALLER, { model: 'm', messages: MESSAGES });
    stream.result.catch(() => undefined);
    for await (const piece of stream) {
      expect(piece).toBe('one');
      break;
    }
    await expect(stream.result).rejects.toThrow();
    await until(async () => (await onlyCall()).status === 'CANCELLED', { label: 'the call to be cancelled' });
    await until(() => fake.requests[0]!.aborted, { label: 'the request to be aborted' });
  });

  test('stream() read late still yields every piece', async () => {
    const gateway = gatewayWith();
    fake.respond(ok(['a', 'b', 'c']));
    const stream = gateway.stream(CALLER, { model: 'm', messages: MESSAGES });
    await stream.result;
    const got: string[] = [];
    for await (const piece of stream) got.push(piece);
    expect(got.join('')).toBe(fake.requests[0]!.sentText);
  });
});
