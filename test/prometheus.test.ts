/**
 * The Prometheus endpoint /metrics over real HTTP: jobs of every outcome, a schedule run and LLM calls
 * (against the fake OpenAI-compatible server) show up in the counters, the histogram and the queue
 * gauge of a scrape; a repeated final event counts once; access by bearer token when one is set, else
 * loopback clients only; JOBCENTER_METRICS=off answers 404. Several apps run in this one process, each
 * with its own registry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { isLoopback, JOB_DURATION_BUCKETS, jobOutcome } from '../src/prometheus.js';
import { definePlugin, defineTask, z } from '../src/tasks/plugin-api.js';
import { DEFAULT_USAGE, startFakeOpenAi, status, type FakeOpenAi } from './helpers/fake-openai.js';
import { poll, startTestApp, type TestApp } from './graphql/helpers.js';

// ---------------------------------------------------------------- the exposition text

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a scrape (comment lines skipped); label values unescaped. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = raw!.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name whose labels include `labels`; undefined when none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

test('the exposition parser reads labels, escapes and values', () => {
  const samples = parseExposition(
    ['# HELP x_total A counter.', '# TYPE x_total counter', 'x_total{a="1",b="q\\"uote\\\\"} 3', 'up 1', 'h_bucket{le="+Inf"} 2.5', ''].join('\n'),
  );
  expect(samples).toEqual([
    { name: 'x_total', labels: { a: '1', b: 'q"uote\\' }, value: 3 },
    { name: 'up', labels: {}, value: 1 },
    { name: 'h_bucket', labels: { le: '+Inf' }, value: 2.5 },
  ]);
});

// ---------------------------------------------------------------- pure rules

test('isLoopback: 127.0.0.0/8, ::1 in any spelling and IPv4-mapped 127.x; nothing else', () => {
  for (const address of ['127.0.0.1', '127.255.3.4', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1']) {
    expect(isLoopback(address), address).toBe(true);
  }
  for (const address of [undefined, '', 'localhost', '128.0.0.1', '10.0.0.1', '0.0.0.0', '::', '::2', 'fe80::1', '::ffff:10.0.0.1', '192.0.2.2']) {
    expect(isLoopback(address), String(address)).toBe(false);
  }
});

test('a job’s outcome: its status, and timed_out for a failure whose last error is a timeout', () => {
  const error = (code?: string) => ({ message: 'x', retryable: false, attempt: 1, at: 0, ...(code && { code }) });
  expect(jobOutcome({ status: 'SUCCEEDED', errors: [] })).toBe('succeeded');
  expect(jobOutcome({ status: 'CANCELLED', errors: [error('TIMEOUT')] })).toBe('cancelled');
  expect(jobOutcome({ status: 'FAILED', errors: [error('TIMEOUT'), error()] })).toBe('failed');
  expect(jobOutcome({ status: 'FAILED', errors: [error(), error('TIMEOUT')] })).toBe('timed_out');
});

test('config: JOBCENTER_METRICS (on by default, off) and JOBCENTER_METRICS_TOKEN (at least 16 characters)', () => {
  expect(loadConfig({}).metrics).toEqual({ enabled: true, token: undefined });
  expect(loadConfig({ JOBCENTER_METRICS: 'off' }).metrics.enabled).toBe(false);
  expect(loadConfig({ JOBCENTER_METRICS: 'false' }).metrics.enabled).toBe(false);
  expect(loadConfig({ JOBCENTER_METRICS: 'on', JOBCENTER_METRICS_TOKEN: 'a-long-enough-secret' }).metrics).toEqual({
    enabled: true,
    token: 'a-long-enough-secret',
  });
  for (const env of [{ JOBCENTER_METRICS: 'maybe' }, { JOBCENTER_METRICS_TOKEN: 'short' }]) {
    const name = Object.keys(env)[0]!;
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  }
});

// ---------------------------------------------------------------- the figures, end to end

const LLM_TASK = 'metrics.ask';
const llmPlugin = definePlugin({
  name: 'metrics-test',
  version: '0.0.1',
  tasks: [
    defineTask({
      type: LLM_TASK,
      input: z.object({ question: z.string() }),
      retry: { maxAttempts: 1 },
      async run(ctx) {
        const answer = await ctx.llm.chat({ provider: 'fake', model: 'fake-model', messages: [{ role: 'user', content: ctx.input.question }] });
        return { answer: answer.content };
      },
    }),
  ],
});

const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const JOB = `query($id: ID!) { job(id: $id) { id status error { code } } }`;

/** fake:fake-model at $1 input, $0.5 cached, $3 output per million tokens. */
const pricesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobcenter-prices-'));
const pricesFile = path.join(pricesDir, 'prices.json');
fs.writeFileSync(pricesFile, JSON.stringify([{ key: 'fake:fake-model', inputPerMTok: 1, cachedInputPerMTok: 0.5, outputPerMTok: 3 }]));

describe('the figures of a scrape', () => {
  let fake: FakeOpenAi;
  let api: TestApp;

  beforeAll(async () => {
    fake = await startFakeOpenAi();
    api = await startTestApp({
      plugins: [llmPlugin],
      env: {
        JOBCENTER_LLM_PROVIDERS: JSON.stringify([{ name: 'fake', baseUrl: `${fake.url}/v1`, models: { 'fake-model': {} } }]),
        JOBCENTER_LLM_MAX_RETRIES: '0',
        JOBCENTER_LLM_PRICES: pricesFile,
      },
    });
  });
  afterAll(async () => {
    await api?.stop();
    await fake?.close();
    fs.rmSync(pricesDir, { recursive: true, force: true });
  });

  const scrapeText = async (init: RequestInit = {}) => {
    const response = await fetch(`${api.origin}/metrics`, init);
    return { response, text: await response.text() };
  };
  const scrape = async () => {
    const { response, text } = await scrapeText();
    expect(response.status).toBe(200);
    return parseExposition(text);
  };
  const enqueue = async (input: Record<string, unknown>): Promise<string> =>
    (await api.data<{ enqueueJob: { id: string } }>(ENQUEUE, { input })).enqueueJob.id;
  const finished = (id: string, expected: string) =>
    poll(
      async () => {
        const { job } = await api.data<{ job: { status: string } }>(JOB, { id });
        if (['QUEUED', 'RUNNING'].includes(job.status)) return undefined;
        expect(job.status, `job ${id}`).toBe(expected);
        return job;
      },
      { label: `job ${id} to finish` },
    );

  test('a fresh app: known task types at zero depth, no finished jobs, the process metrics', async () => {
    // No token is configured: this loopback client is answered.
    expect(api.app.config.metrics.token).toBeUndefined();
    expect(new URL(api.origin).hostname).toBe('127.0.0.1');
    const { response, text } = await scrapeText();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(text);
    for (const status of ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'waiting']) {
      expect(valueOf(samples, 'jobcenter_queue_depth', { status, type: 'http-request' })).toBe(0);
    }
    expect(samples.some((s) => s.name === 'jobcenter_jobs_finished_total')).toBe(false);
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'nodejs_heap_size_total_bytes')).toBeGreaterThan(0);
    // Every metric is described once, although the app's and the process's registries are merged.
    const helps = text.split('\n').filter((l) => l.startsWith('# HELP '));
    expect(new Set(helps).size).toBe(helps.length);
    for (const name of [
      'jobcenter_queue_depth',
      'jobcenter_jobs_finished_total',
      'jobcenter_job_duration_seconds',
      'jobcenter_schedule_fires_total',
      'jobcenter_llm_calls_total',
      'jobcenter_llm_tokens_total',
      'jobcenter_llm_cost_usd_total',
    ]) {
      expect(helps.some((l) => l.startsWith(`# HELP ${name} `)), name).toBe(true);
    }
  });

  test('jobs of every outcome, a schedule run and LLM calls are counted', async () => {
    // sleep: two successes, a failure, a timeout, a cancel while queued and one left waiting.
    const ok1 = await enqueue({ type: 'sleep', payload: { ms: 0 } });
    const ok2 = await enqueue({ type: 'sleep', payload: { ms: 0 } });
    const fatal = await enqueue({ type: 'sleep', payload: { ms: 0, fatal: true } });
    const slow = await enqueue({ type: 'sleep', payload: { ms: 60_000 }, timeoutMs: 50, maxAttempts: 1 });
    const waiting = await enqueue({ type: 'sleep', payload: { ms: 0 }, delayMs: 3_600_000 });
    const toCancel = await enqueue({ type: 'sleep', payload: { ms: 0 }, delayMs: 3_600_000 });
    await api.data(`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id: toCancel });
    await finished(ok1, 'SUCCEEDED');
    await finished(ok2, 'SUCCEEDED');
    await finished(fatal, 'FAILED');
    const timedOut = await finished(slow, 'FAILED');
    expect(timedOut).toMatchObject({ error: { code: 'TIMEOUT' } });
    await finished(toCancel, 'CANCELLED');

    // A schedule run now: one manual fire, whose sleep job succeeds.
    const { createSchedule } = await api.data<{ createSchedule: { id: string } }>(
      `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }`,
      { input: { name: 'metrics test', taskType: 'sleep', payload: { ms: 0 }, trigger: { kind: 'ONCE', at: '2099-01-01T00:00:00Z' } } },
    );
    const { runScheduleNow } = await api.data<{ runScheduleNow: { jobId: string } }>(
      `mutation($id: ID!) { runScheduleNow(id: $id) { jobId } }`,
      { id: createSchedule.id },
    );
    await finished(runScheduleNow.jobId, 'SUCCEEDED');

    // LLM: summarize makes one call that succeeds; the test task's call gets a 400 and fails.
    const summary = await enqueue({ type: 'summarize', payload: { text: 'A short text to summarise.', provider: 'fake', model: 'fake-model' } });
    await finished(summary, 'SUCCEEDED');
    fake.respond(status(400, { body: { error: { message: 'bad request' } } }));
    const asked = await enqueue({ type: LLM_TASK, payload: { question: 'why?' } });
    await finished(asked, 'FAILED');
    expect(fake.requests).toHaveLength(2);

    const samples = await poll(
      async () => {
        const s = await scrape();
        return valueOf(s, 'jobcenter_llm_calls_total', { status: 'failed' }) === 1 &&
          valueOf(s, 'jobcenter_jobs_finished_total', { type: LLM_TASK, outcome: 'failed' }) === 1 &&
          valueOf(s, 'jobcenter_jobs_finished_total', { type: 'sleep', outcome: 'succeeded' }) === 3
          ? s
          : undefined;
      },
      { label: 'the last events to be counted' },
    );

    const finishedJobs = samples.filter((s) => s.name === 'jobcenter_jobs_finished_total').map((s) => [s.labels.type, s.labels.outcome, s.value]);
    expect(finishedJobs.sort()).toEqual(
      [
        [LLM_TASK, 'failed', 1],
        ['sleep', 'cancelled', 1],
        ['sleep', 'failed', 1],
        ['sleep', 'succeeded', 3],
        ['sleep', 'timed_out', 1],
        ['summarize', 'succeeded', 1],
      ].sort(),
    );

    // The histogram: every job that started (not the one cancelled while queued), in every bucket.
    expect(valueOf(samples, 'jobcenter_job_duration_seconds_count', { type: 'sleep' })).toBe(5);
    expect(valueOf(samples, 'jobcenter_job_duration_seconds_count', { type: 'summarize' })).toBe(1);
    expect(valueOf(samples, 'jobcenter_job_duration_seconds_count', { type: LLM_TASK })).toBe(1);
    const buckets = samples.filter((s) => s.name === 'jobcenter_job_duration_seconds_bucket' && s.labels.type === 'sleep');
    expect(buckets.map((b) => b.labels.le)).toEqual([...JOB_DURATION_BUCKETS.map(String), '+Inf']);
    expect(buckets.at(-1)!.value).toBe(5);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);

    // The queue gauge, read from the store at scrape time.
    expect(valueOf(samples, 'jobcenter_queue_depth', { status: 'queued', type: 'sleep' })).toBe(1);
    expect(valueOf(samples, 'jobcenter_queue_depth', { status: 'running', type: 'sleep' })).toBe(0);
    expect(valueOf(samples, 'jobcenter_queue_depth', { status: 'succeeded', type: 'sleep' })).toBe(3);
    expect(valueOf(samples, 'jobcenter_queue_depth', { status: 'failed', type: 'sleep' })).toBe(2);
    expect(valueOf(samples, 'jobcenter_queue_depth', { status: 'cancelled', type: 'sleep' })).toBe(1);
    expect(valueOf(samples, 'jobcenter_queue_depth', { status: 'failed', type: LLM_TASK })).toBe(1);

    expect(valueOf(samples, 'jobcenter_schedule_fires_total', { trigger: 'manual', status: 'queued' })).toBe(1);
    expect(samples.filter((s) => s.name === 'jobcenter_schedule_fires_total')).toHaveLength(1);

    const llm = { provider: 'fake', model: 'fake-model' };
    expect(valueOf(samples, 'jobcenter_llm_calls_total', { ...llm, status: 'succeeded' })).toBe(1);
    expect(valueOf(samples, 'jobcenter_llm_calls_total', { ...llm, status: 'failed' })).toBe(1);
    // Tokens are the successful call's (the failed one reported none).
    expect(valueOf(samples, 'jobcenter_llm_tokens_total', { ...llm, kind: 'input' })).toBe(DEFAULT_USAGE.promptTokens);
    expect(valueOf(samples, 'jobcenter_llm_tokens_total', { ...llm, kind: 'output' })).toBe(DEFAULT_USAGE.completionTokens);
    expect(valueOf(samples, 'jobcenter_llm_tokens_total', { ...llm, kind: 'cached' })).toBe(DEFAULT_USAGE.cachedTokens);
    // Cost by model and task type: the summary's call at the prices file's rates; the failed call cost nothing.
    const { promptTokens, cachedTokens, completionTokens } = DEFAULT_USAGE;
    const micros = (promptTokens - cachedTokens) * 1 + cachedTokens * 0.5 + completionTokens * 3;
    expect(valueOf(samples, 'jobcenter_llm_cost_usd_total', { ...llm, task_type: 'summarize' })).toBeCloseTo(micros / 1e6, 12);
    expect(valueOf(samples, 'jobcenter_llm_cost_usd_total', { ...llm, task_type: LLM_TASK })).toBe(0);

    // A final state announced again (as a MongoDB change stream may) is not counted again.
    const job = (await api.app.store.jobs.get(ok1, 'default'))!;
    api.app.store.changes.emit({ kind: 'job.updated', job });
    const call = (await api.app.store.llmCalls.list(job.orgId, { parentJobId: summary }, { first: 1 })).items[0]!.node;
    api.app.store.changes.emit({ kind: 'llm.updated', call });
    const again = await scrape();
    expect(valueOf(again, 'jobcenter_jobs_finished_total', { type: 'sleep', outcome: 'succeeded' })).toBe(3);
    expect(valueOf(again, 'jobcenter_job_duration_seconds_count', { type: 'sleep' })).toBe(5);
    expect(valueOf(again, 'jobcenter_llm_calls_total', { ...llm, status: 'succeeded' })).toBe(1);
    expect(valueOf(again, 'jobcenter_llm_tokens_total', { ...llm, kind: 'input' })).toBe(DEFAULT_USAGE.promptTokens);
    expect(valueOf(again, 'jobcenter_llm_cost_usd_total', { ...llm, task_type: 'summarize' })).toBeCloseTo(micros / 1e6, 12);

    await api.data(`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id: waiting });
  });

  test('/metrics is also the console page: a browser gets HTML, a scraper the exposition', async () => {
    const page = await fetch(`${api.origin}/metrics`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<div id="root">');
    const scrape = await fetch(`${api.origin}/metrics`, {
      headers: { accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' },
    });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('# TYPE jobcenter_queue_depth gauge');
  });

  test('GET only: other methods get 405 with Allow: GET', async () => {
    const { response, text } = await scrapeText({ method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(text).toBe('method not allowed\n');
  });
});

// ---------------------------------------------------------------- access

const METRICS_TOKEN = 'metrics-secret-0123456789';
/** This machine's first non-loopback IPv4 address, to reach the server from outside loopback. */
const outsideAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('access', () => {
  let withToken: TestApp;
  let disabled: TestApp;
  let outside: TestApp | undefined;

  beforeAll(async () => {
    [withToken, disabled, outside] = await Promise.all([
      startTestApp({ env: { JOBCENTER_METRICS_TOKEN: METRICS_TOKEN } }),
      startTestApp({ env: { JOBCENTER_METRICS: 'off' } }),
      outsideAddress ? startTestApp({ env: { HOST: outsideAddress } }) : undefined,
    ]);
  });
  afterAll(async () => {
    await Promise.all([withToken?.stop(), disabled?.stop(), outside?.stop()]);
  });

  const get = async (app: TestApp, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.origin}/metrics`, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  test('with a token: 401 without it, with a wrong one or another scheme; 200 with it', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong-secret-0123456789' },
      { authorization: `Bearer ${METRICS_TOKEN}x` },
      { authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` },
      { authorization: METRICS_TOKEN },
      // The API's admin token is not the metrics token.
      { authorization: `Bearer ${withToken.adminToken}` },
    ];
    for (const headers of attempts) {
      const refused = await get(withToken, headers);
      expect(refused.status, JSON.stringify(headers)).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect(refused.text).toBe('unauthorized\n');
    }
    const allowed = await get(withToken, { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(valueOf(parseExposition(allowed.text), 'jobcenter_queue_depth', { status: 'queued', type: 'sleep' })).toBe(0);
    expect((await get(withToken, { authorization: `bearer  ${METRICS_TOKEN}` })).status).toBe(200);
  });

  test.skipIf(!outsideAddress)('without a token: a client from outside loopback gets 403', async () => {
    const refused = await get(outside!);
    expect(refused.status).toBe(403);
    expect(refused.text).toBe('forbidden\n');
    // The rest of the server answers it as usual.
    expect((await fetch(`${outside!.origin}/healthz`)).status).toBe(200);
  });

  test('JOBCENTER_METRICS=off: /metrics is not found (not the console page), and nothing follows the feed', async () => {
    const { status: code, headers } = await get(disabled);
    expect(code).toBe(404);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(disabled.app.prometheus).toBeUndefined();
  });
});
