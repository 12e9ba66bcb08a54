/**
 * A fake OpenAI-compatible endpoint for the LLM gateway tests: a real HTTP server on 127.0.0.1 (an
 * ephemeral port) answering POST /v1/chat/completions in the wire format of the chat-completions API.
 * With `stream: true` it answers text/event-stream: a first chunk carrying delta.role, one chunk per
 * content piece (with a configurable delay between them), a usage chunk with empty choices when
 * `stream_options.include_usage` is set, then `data: [DONE]`.
 *
 * Each test scripts it: `respond(...)` queues answers taken in order (an answer, an HTTP error with an
 * optional Retry-After and JSON body, a hang until the client aborts, a dropped connection mid-stream);
 * when the queue is empty `fallback` answers. Every request is recorded (body, headers, what was sent
 * back, whether the client aborted), and the number of requests in flight is counted (and its maximum).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** Sent as completion_tokens_details.reasoning_tokens when given. */
  reasoningTokens?: number;
}

export type FakeAnswer =
  /** Streams `pieces` (one content delta each) `delayMs` apart, then usage and [DONE]. With `hangAfter`
   * it stops after the pieces and holds the response open until the client goes away. */
  | { kind: 'ok'; pieces: string[]; delayMs?: number; usage?: FakeUsage | null; hangAfter?: boolean }
  /** An HTTP error: `retryAfter` is sent as the Retry-After header as is. */
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown }
  /** Sends nothing and waits until the client aborts. */
  | { kind: 'hang' }
  /** Streams `pieces`, then destroys the socket (no usage, no [DONE]). */
  | { kind: 'drop'; pieces: string[]; delayMs?: number };

export interface ReceivedRequest {
  index: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (undefined if it was not JSON). */
  body: any;
  receivedAt: number;
  /** When the fake ended or lost the response. */
  endedAt?: number;
  answer: FakeAnswer;
  /** The content the fake streamed (all pieces sent before it ended or stopped). */
  sentText: string;
  /** The usage it reported, if it got that far. */
  sentUsage?: FakeUsage;
  /** True when the client went away before the fake ended the response. */
  aborted: boolean;
}

export interface FakeOpenAi {
  /** http://127.0.0.1:PORT (append /v1 for a baseUrl). */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Requests being answered right now, and the most seen at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Answers taken in order by the next requests; `fallback` answers once they run out. */
  respond(...answers: FakeAnswer[]): void;
  fallback: FakeAnswer;
  /** Resolves once at least `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /** Resolves once request `index` has arrived and its client went away. */
  waitForAbort(index: number, timeoutMs?: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

export const ok = (pieces: string[], options: Omit<Extract<FakeAnswer, { kind: 'ok' }>, 'kind' | 'pieces'> = {}): FakeAnswer => ({
  kind: 'ok',
  pieces,
  ...options,
});
export const status = (code: number, options: { retryAfter?: string; body?: unknown } = {}): FakeAnswer => ({ kind: 'status', status: code, ...options });
export const hang = (): FakeAnswer => ({ kind: 'hang' });
export const drop = (pieces: string[], delayMs = 0): FakeAnswer => ({ kind: 'drop', pieces, delayMs });

export const DEFAULT_USAGE: FakeUsage = { promptTokens: 12, completionTokens: 5, cachedTokens: 4 };

export async function startFakeOpenAi(options: { fallback?: FakeAnswer } = {}): Promise<FakeOpenAi> {
  const queue: FakeAnswer[] = [];
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  let inFlight = 0;
  let maxInFlight = 0;
  let created = 1_700_000_000;
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const answer = queue.shift() ?? fake.fallback;
      const record: ReceivedRequest = {
        index: requests.length,
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        receivedAt: Date.now(),
        answer,
        sentText: '',
        aborted: false,
      };
      requests.push(record);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let ended = false;
      const finish = (aborted: boolean) => {
        if (ended) return;
        ended = true;
        inFlight--;
        record.endedAt = Date.now();
        record.aborted = aborted;
        notify();
      };
      // Counted out when the fake ends the response (before a byte of the end can reach the client),
      // or when the connection closes first.
      res.on('close', () => finish(true));
      notify();
      void answer_(req, res, body, record, answer, finish).catch(() => finish(true));
    });
  });

  async function answer_(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: any,
    record: ReceivedRequest,
    answer: FakeAnswer,
    finish: (aborted: boolean) => void,
  ): Promise<void> {
    const end = (data?: string) => {
      finish(false);
      res.end(data);
    };
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
    }
    if (answer.kind === 'hang') return; // until the client goes away
    if (answer.kind === 'status') {
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' };
      if (answer.retryAfter !== undefined) headers['retry-after'] = answer.retryAfter;
      res.writeHead(answer.status, headers);
      const errorBody = answer.body ?? { error: { message: `fake error ${answer.status}`, type: 'fake_error', code: null } };
      return end(JSON.stringify(errorBody));
    }
    const id = `chatcmpl-fake-${record.index}`;
    const model = typeof body?.model === 'string' ? body.model : 'unknown';
    const stamp = created++;
    // usage: null sends no usage chunk at all, as some OpenAI-compatible servers do.
    const usage = answer.kind === 'ok' && answer.usage !== null ? (answer.usage ?? DEFAULT_USAGE) : undefined;
    const usageJson = usage && {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedTokens },
      ...(usage.reasoningTokens !== undefined && { completion_tokens_details: { reasoning_tokens: usage.reasoningTokens } }),
    };
    if (!body?.stream) {
      // Not what the provider sends, but a complete fake answers it too.
      const text = answer.pieces.join('');
      record.sentText = text;
      if (answer.kind === 'drop') {
        finish(false);
        return void res.socket?.destroy();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (usage) record.sentUsage = usage;
      return end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created: stamp,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }],
          usage: usageJson,
        }),
      );
    }
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: stamp, model, choices, ...extra })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }]));
    const delayMs = answer.delayMs ?? 0;
    for (const piece of answer.pieces) {
      if (delayMs > 0) await sleep(delayMs);
      if (res.destroyed) return;
      res.write(chunk([{ index: 0, delta: { content: piece }, finish_reason: null, logprobs: null }]));
      record.sentText += piece;
    }
    if (answer.kind === 'drop') {
      if (delayMs > 0) await sleep(delayMs);
      finish(false); // the fake's doing, not the client's
      res.socket?.destroy();
      return;
    }
    if (answer.hangAfter) return; // until the client goes away
    if (delayMs > 0) await sleep(delayMs);
    if (res.destroyed) return;
    res.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }]));
    if (body?.stream_options?.include_usage && usage) {
      res.write(chunk([], { usage: usageJson }));
      record.sentUsage = usage;
    }
    res.write('data: [DONE]\n\n');
    end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function waitFor<T>(ready: () => T | undefined, timeoutMs: number, label: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (value === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`fake OpenAI: timed out after ${timeoutMs} ms waiting for ${label} (${requests.length} requests so far)`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  const fake: FakeOpenAi = {
    url: `http://127.0.0.1:${port}`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    fallback: options.fallback ?? ok(['Hello', ' from', ' the', ' fake.']),
    respond: (...answers) => void queue.push(...answers),
    waitForRequests: (count, timeoutMs = 10_000) =>
      waitFor(() => (requests.length >= count ? requests : undefined), timeoutMs, `${count} requests`),
    waitForAbort: (index, timeoutMs = 10_000) =>
      waitFor(() => (requests[index]?.aborted ? requests[index] : undefined), timeoutMs, `request ${index} to be aborted`),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
