/**
 * LLM limiter utilisation: how much of a configured limit the gateway actually uses, calling a fake
 * OpenAI-compatible server on loopback (the test helper) through the whole gateway (limiter, SQLite
 * call records, the OpenAI SDK). Figures only, no pass/fail:
 *
 * - maxConcurrent N: mean requests in flight at the server over the run, as a fraction of N.
 * - minTimeMs T: requests started per second, as a fraction of 1000 / T.
 * - requestsPerMinute R: requests let through before the reservoir refills, as a fraction of R
 *   (measured over a few seconds; the rest are held for the minute and then abandoned).
 *
 *   node --import tsx bench/llm-limiter.ts        (also part of `npm run bench`)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLlmGateway, type LlmGateway } from '../src/engine/runtime/llm/index.js';
import type { LimitSettings } from '../src/engine/runtime/llm/limiter.js';
import { silentLogger } from '../src/engine/runtime/logger.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { ok, startFakeOpenAi, type FakeOpenAi } from '../test/helpers/fake-openai.js';
import { removeDir, tempDir } from './setup.js';

export interface LimiterFigure {
  limit: string;
  /** What was achieved, in the limit's unit. */
  achieved: number;
  /** achieved / limit. */
  utilisation: number;
  detail: string;
}

const PIECES = ['One', ' two', ' three', ' four'];

async function withGateway<T>(limits: LimitSettings, pieceMs: number, fn: (gateway: LlmGateway, fake: FakeOpenAi) => Promise<T>): Promise<T> {
  const fake = await startFakeOpenAi({ fallback: ok(PIECES, { delayMs: pieceMs }) });
  const dir = tempDir('llm');
  const store = openSqliteStore({ file: path.join(dir, 'jobcenter.db') });
  const { gateway, close } = createLlmGateway(
    {
      providers: [{ name: 'fake', baseUrl: `${fake.url}/v1`, apiKey: 'sk-bench', models: { m: limits } }],
      defaultProvider: 'fake',
      demoLimits: {},
      maxRetries: 0,
      timeoutMs: 120_000,
    },
    store,
    silentLogger,
  );
  try {
    return await fn(gateway, fake);
  } finally {
    await close();
    await store.close();
    await fake.close();
    removeDir(dir);
  }
}

const call = (gateway: LlmGateway, i: number, signal?: AbortSignal) =>
  gateway.chat({ orgId: 'bench', source: 'bench', ...(signal && { signal }) }, { model: 'm', messages: [{ role: 'user', content: `question ${i}` }] });

/** Mean in flight at the server between the first request's arrival and the last one's end. */
export async function concurrencyUtilisation(maxConcurrent: number, calls: number, pieceMs = 10): Promise<LimiterFigure> {
  return withGateway({ maxConcurrent }, pieceMs, async (gateway, fake) => {
    await Promise.all(Array.from({ length: calls }, (_, i) => call(gateway, i)));
    const first = Math.min(...fake.requests.map((r) => r.receivedAt));
    const last = Math.max(...fake.requests.map((r) => r.endedAt!));
    const busy = fake.requests.reduce((sum, r) => sum + (r.endedAt! - r.receivedAt), 0);
    const mean = busy / Math.max(1, last - first);
    return {
      limit: `maxConcurrent ${maxConcurrent}`,
      achieved: mean,
      utilisation: mean / maxConcurrent,
      detail: `${calls} calls of ~${(PIECES.length + 1) * pieceMs} ms; mean in flight ${mean.toFixed(2)}, max ${fake.maxInFlight}, ${last - first} ms`,
    };
  });
}

/** Requests started per second with a minimum spacing, against 1000 / minTimeMs. */
export async function spacingUtilisation(minTimeMs: number, calls: number): Promise<LimiterFigure> {
  return withGateway({ minTimeMs }, 0, async (gateway, fake) => {
    await Promise.all(Array.from({ length: calls }, (_, i) => call(gateway, i)));
    const starts = fake.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
    const perSecond = ((starts.length - 1) * 1000) / Math.max(1, starts.at(-1)! - starts[0]!);
    const limit = 1000 / minTimeMs;
    return {
      limit: `minTimeMs ${minTimeMs} (${limit.toFixed(0)} calls/s)`,
      achieved: perSecond,
      utilisation: perSecond / limit,
      detail: `${calls} calls; ${perSecond.toFixed(1)} calls/s started`,
    };
  });
}

/** Requests let through a requests-per-minute reservoir within `windowMs`, against its size. */
export async function reservoirUtilisation(requestsPerMinute: number, windowMs = 2000): Promise<LimiterFigure> {
  return withGateway({ requestsPerMinute }, 0, async (gateway, fake) => {
    const stop = new AbortController();
    const pending = Array.from({ length: requestsPerMinute * 2 }, (_, i) => call(gateway, i, stop.signal));
    for (const p of pending) p.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const admitted = fake.requests.length;
    const held = gateway.status().queued;
    stop.abort(new Error('bench over'));
    await Promise.allSettled(pending);
    return {
      limit: `requestsPerMinute ${requestsPerMinute}`,
      achieved: admitted,
      utilisation: admitted / requestsPerMinute,
      detail: `${requestsPerMinute * 2} calls fired; ${admitted} let through in ${windowMs} ms, ${held} held for the refill`,
    };
  });
}

export async function llmLimiterFigures(quick: boolean): Promise<LimiterFigure[]> {
  return [
    await concurrencyUtilisation(4, quick ? 40 : 200),
    await concurrencyUtilisation(16, quick ? 80 : 400),
    await spacingUtilisation(20, quick ? 30 : 100),
    await reservoirUtilisation(quick ? 20 : 60),
  ];
}

export function printLimiterFigures(figures: LimiterFigure[]): void {
  const width = Math.max(...figures.map((f) => f.limit.length));
  for (const f of figures) console.log(`    ${f.limit.padEnd(width)}  ${(f.utilisation * 100).toFixed(1).padStart(5)}% of the limit  (${f.detail})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
  console.log('LLM limiter utilisation (gateway -> fake OpenAI-compatible server on loopback)');
  llmLimiterFigures(quick).then(
    (figures) => {
      printLimiterFigures(figures);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
