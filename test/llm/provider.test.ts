/**
 * The providers on their own: OpenAiCompatibleProvider against a fake OpenAI-compatible server over
 * real HTTP (streaming, usage, error classification, aborts, the key kept out of messages), and the
 * local demo provider.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ProviderError, type ChatRequest } from '../../src/engine/runtime/llm/provider.js';
import { DemoProvider } from '../../src/engine/runtime/llm/providers/demo.js';
import { OpenAiCompatibleProvider } from '../../src/engine/runtime/llm/providers/openai-compatible.js';
import { drop, hang, ok, startFakeOpenAi, status, type FakeOpenAi } from '../helpers/fake-openai.js';

const KEY = 'sk-test-secret-0123456789';

const request = (params: Record<string, unknown> = {}): ChatRequest => ({
  model: 'fake-model',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Say hello.' },
  ],
  params,
});

/** Runs a chat, recording each delta with the time it arrived. */
async function chat(provider: OpenAiCompatibleProvider | DemoProvider, req: ChatRequest, signal = new AbortController().signal) {
  const deltas: Array<{ text: string; at: number }> = [];
  const result = await provider.chat(req, (text) => deltas.push({ text, at: Date.now() }), signal);
  return { result, deltas, resolvedAt: Date.now() };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('OpenAiCompatibleProvider', () => {
  let fake: FakeOpenAi;
  let provider: OpenAiCompatibleProvider;
  beforeEach(async () => {
    fake = await startFakeOpenAi();
    provider = new OpenAiCompatibleProvider({ name: 'fake', baseUrl: `${fake.url}/v1`, apiKey: KEY });
  });
  afterEach(async () => {
    await fake.close();
  });

  test('streams the answer: pieces in order through onDelta, the whole text, usage with cached tokens', async () => {
    const pieces = ['The', ' quick', ' brown', ' fox.'];
    fake.respond(ok(pieces, { delayMs: 40, usage: { promptTokens: 31, completionTokens: 4, cachedTokens: 16 } }));
    const started = Date.now();
    const { result, deltas, resolvedAt } = await chat(provider, request({ temperature: 0.2, max_tokens: 50 }));

    const [sent] = fake.requests;
    expect(fake.requests).toHaveLength(1);
    expect(deltas.map((d) => d.text)).toEqual(pieces);
    expect(result.message).toEqual({ role: 'assistant', content: sent!.sentText });
    expect(sent!.sentText).toBe(pieces.join(''));
    expect(result.usage).toEqual({
      inputTokens: sent!.sentUsage!.promptTokens,
      outputTokens: sent!.sentUsage!.completionTokens,
      cachedTokens: sent!.sentUsage!.cachedTokens,
      totalTokens: sent!.sentUsage!.promptTokens + sent!.sentUsage!.completionTokens,
    });
    // The first piece is seen as it arrives, well before the end of the stream.
    const first = deltas[0]!.at;
    expect(first).toBeGreaterThanOrEqual(started);
    expect(resolvedAt - first).toBeGreaterThanOrEqual((pieces.length - 1) * 40 - 5);

    // What went over the wire: a streamed request with usage asked for, params passed through, the key.
    expect(sent!.method).toBe('POST');
    expect(sent!.path).toBe('/v1/chat/completions');
    expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent!.body).toMatchObject({
      model: 'fake-model',
      messages: request().messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 50,
    });
  });

  test('no usage chunk: usage is zero, the text is still whole', async () => {
    // Params cannot switch usage off (the provider always asks for it), so answer without it by hand.
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: object) =>
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
      res.end(`${chunk({ role: 'assistant' })}${chunk({ content: 'plain' })}data: [DONE]\n\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const bare = new OpenAiCompatibleProvider({ name: 'bare', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: KEY });
      const { result } = await chat(bare, request());
      expect(result.message.content).toBe('plain');
      expect(result.usage).toEqual({ inputTokens: 0, outputTokens: 0, cachedTokens: 0, totalTokens: 0 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('429 with Retry-After: retryable, with the wait the server asked for', async () => {
    fake.respond(status(429, { retryAfter: '7' }));
    const error = await rejection(chat(provider, request()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: true, httpStatus: 429, retryAfterMs: 7000, code: 'HTTP_429' });
  });

  test('500: retryable; 503 with an HTTP-date Retry-After: retryable with a wait', async () => {
    fake.respond(status(500), status(503, { retryAfter: new Date(Date.now() + 30_000).toUTCString() }));
    const e500 = await rejection(chat(provider, request()));
    expect(e500).toBeInstanceOf(ProviderError);
    expect(e500).toMatchObject({ retryable: true, httpStatus: 500, retryAfterMs: undefined });
    const e503 = (await rejection(chat(provider, request()))) as ProviderError;
    expect(e503).toMatchObject({ retryable: true, httpStatus: 503 });
    expect(e503.retryAfterMs).toBeGreaterThan(0);
  });

  test('400 and 401: not retryable, the server’s message kept', async () => {
    fake.respond(status(400, { body: { error: { message: 'messages: too long', type: 'invalid_request_error' } } }), status(401));
    const e400 = (await rejection(chat(provider, request()))) as ProviderError;
    expect(e400).toBeInstanceOf(ProviderError);
    expect(e400).toMatchObject({ retryable: false, httpStatus: 400, code: 'HTTP_400' });
    expect(e400.message).toContain('messages: too long');
    const e401 = await rejection(chat(provider, request()));
    expect(e401).toMatchObject({ retryable: false, httpStatus: 401 });
  });

  test('connection refused: retryable NETWORK error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = new OpenAiCompatibleProvider({ name: 'nowhere', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: KEY });
    const error = await rejection(chat(nowhere, request()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: true, code: 'NETWORK', httpStatus: undefined });
    expect((error as Error).message).not.toContain(KEY);
  });

  test('the connection dropped mid-stream: a retryable error, not a short answer', async () => {
    fake.respond(drop(['Half', ' an'], 10));
    const deltas: string[] = [];
    const error = await rejection(provider.chat(request(), (t) => deltas.push(t), new AbortController().signal));
    expect(deltas.join('')).toBe(fake.requests[0]!.sentText);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: true });
  });

  test('aborted mid-stream: rejects with the signal’s reason, the request is abandoned', async () => {
    fake.respond(ok(['first', ' second'], { hangAfter: true }));
    const controller = new AbortController();
    const reason = new Error('stop now');
    const deltas: string[] = [];
    const promise = provider.chat(
      request(),
      (text) => {
        deltas.push(text);
        if (deltas.length === 1) controller.abort(reason);
      },
      controller.signal,
    );
    await expect(promise).rejects.toBe(reason);
    expect(deltas[0]).toBe('first');
    const seen = await fake.waitForAbort(0);
    expect(seen.aborted).toBe(true);
  });

  test('aborted before any answer (the server hangs): rejects with the reason', async () => {
    fake.respond(hang());
    const controller = new AbortController();
    const promise = provider.chat(request(), () => undefined, controller.signal);
    await fake.waitForRequests(1);
    const reason = new Error('gave up');
    controller.abort(reason);
    await expect(promise).rejects.toBe(reason);
    await fake.waitForAbort(0);
  });

  test('the API key never appears in error messages', async () => {
    const keyEcho = { error: { message: 'Incorrect API key provided: sk-tes***789.', type: 'invalid_request_error' } };
    fake.respond(status(401, { body: keyEcho }), status(429, { retryAfter: '1' }), status(500), status(400), drop(['x']));
    const errors: unknown[] = [];
    for (let i = 0; i < 5; i++) errors.push(await rejection(chat(provider, request())));
    for (const error of errors) {
      expect(error).toBeInstanceOf(ProviderError);
      const e = error as ProviderError;
      expect(e.message).not.toContain(KEY);
      expect(String(e.stack)).not.toContain(KEY);
      expect(JSON.stringify({ message: e.message, code: e.code, status: e.httpStatus })).not.toContain(KEY);
    }
    // It did go to the server, every time.
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual(Array(5).fill(`Bearer ${KEY}`));
  });
});

describe('DemoProvider', () => {
  const demo = new DemoProvider({ firstTokenMs: 5, tokenMs: 2 });

  test('streams its canned answer piece by piece, with usage', async () => {
    const { result, deltas } = await chat(demo, request());
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.text).join('')).toBe(result.message.content);
    expect(result.message.role).toBe('assistant');
    expect(result.usage.outputTokens).toBe(deltas.length);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.totalTokens).toBe(result.usage.inputTokens + result.usage.outputTokens);
  });

  test('max_tokens caps the pieces', async () => {
    const { result, deltas } = await chat(demo, request({ max_tokens: 3 }));
    expect(deltas).toHaveLength(3);
    expect(result.usage.outputTokens).toBe(3);
  });

  test('honours abort: rejects with the reason and streams nothing more', async () => {
    const slow = new DemoProvider({ firstTokenMs: 5, tokenMs: 50 });
    const controller = new AbortController();
    const reason = new Error('enough');
    const deltas: string[] = [];
    const promise = slow.chat(
      request(),
      (text) => {
        deltas.push(text);
        if (deltas.length === 2) controller.abort(reason);
      },
      controller.signal,
    );
    await expect(promise).rejects.toBe(reason);
    const count = deltas.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(deltas).toHaveLength(count);
    expect(count).toBe(2);
  });

  test('an already aborted signal rejects before the first piece', async () => {
    const controller = new AbortController();
    controller.abort(new Error('early'));
    const deltas: string[] = [];
    await expect(demo.chat(request(), (t) => deltas.push(t), controller.signal)).rejects.toThrow('early');
    expect(deltas).toEqual([]);
  });
});
