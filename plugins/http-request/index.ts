/**
 * `http-request`: one HTTP request with a timeout. 5xx, 429 and network errors are retried (honouring
 * Retry-After); other 4xx fail at once. The response body is kept up to a size cap.
 */
import { definePlugin, defineTask, FatalError, parseRetryAfter, RetryableError, z } from '../../src/tasks/plugin-api.js';

const MAX_BODY_CHARS = 100_000;

export const httpRequestTask = defineTask({
  type: 'http-request',
  title: 'HTTP request',
  description: 'Sends one HTTP request and records the response; retries 5xx, 429 and network errors.',
  input: z.object({
    url: z.url({ protocol: /^https?$/ }).describe('An http or https URL'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().max(1_000_000).optional(),
    timeoutMs: z.number().int().min(1).max(300_000).default(30_000).describe('Per request'),
  }),
  retry: { maxAttempts: 4, backoff: { kind: 'exponential', baseMs: 1000, maxMs: 60_000, jitter: 0.2 } },
  async run(ctx) {
    const { url, method, headers, body, timeoutMs } = ctx.input;
    ctx.log.info(`${method} ${url}`);
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
    let response: Response;
    const started = Date.now();
    try {
      response = await fetch(url, { method, headers, body: body ?? null, signal });
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new RetryableError(`request failed: ${reason}`, { code: 'NETWORK', cause: error });
    }
    const text = method === 'HEAD' ? '' : await response.text();
    ctx.log.info(`HTTP ${response.status} in ${Date.now() - started} ms`);
    if (response.status >= 500 || response.status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      throw new RetryableError(`HTTP ${response.status} from ${url}`, {
        code: `HTTP_${response.status}`,
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      });
    }
    if (response.status >= 400) throw new FatalError(`HTTP ${response.status} from ${url}`, { code: `HTTP_${response.status}` });
    ctx.progress(100, `HTTP ${response.status}`);
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) : text,
      truncated: text.length > MAX_BODY_CHARS,
      durationMs: Date.now() - started,
    };
  },
});

export default definePlugin({ name: 'http-request', version: '1.0.0', tasks: [httpRequestTask] });
