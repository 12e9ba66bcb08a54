/**
 * `http-request`: one HTTP request with a timeout. 5xx, 429 and network errors are retried (honouring
 * Retry-After); other 4xx fail at once. Loopback, private and link-local addresses are refused unless
 * JOBCENTER_HTTP_ALLOW names them (checked after DNS and on every redirect); the response body is read
 * up to JOBCENTER_HTTP_MAX_RESPONSE_BYTES and the request is aborted after JOBCENTER_HTTP_TIMEOUT_MS.
 */
import { definePlugin, defineTask, FatalError, httpRequest, parseRetryAfter, RetryableError, z } from '../../src/tasks/plugin-api.js';

export const httpRequestTask = defineTask({
  type: 'http-request',
  title: 'HTTP request',
  description: 'Sends one HTTP request and records the response; retries 5xx, 429 and network errors.',
  input: z.object({
    url: z.url({ protocol: /^https?$/ }).describe('An http or https URL'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().max(1_000_000).optional(),
    timeoutMs: z.number().int().min(1).max(300_000).default(30_000).describe('Per request (the server may cap it lower)'),
  }),
  retry: { maxAttempts: 4, backoff: { kind: 'exponential', baseMs: 1000, maxMs: 60_000, jitter: 0.2 } },
  async run(ctx) {
    const { url, method, headers, body, timeoutMs } = ctx.input;
    ctx.log.info(`${method} ${url}`);
    const started = Date.now();
    const response = await httpRequest(url, ctx.settings.http, {
      method,
      headers,
      ...(body !== undefined && { body }),
      signal: ctx.signal,
      timeoutMs,
    });
    ctx.log.info(`HTTP ${response.status} in ${Date.now() - started} ms${response.redirects ? ` from ${response.url}` : ''}`);
    if (response.truncated) {
      ctx.log.warn(`the response body was cut at ${response.bytesRead} bytes (JOBCENTER_HTTP_MAX_RESPONSE_BYTES); the rest was not read`);
    }
    if (response.status >= 500 || response.status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'] ?? null);
      throw new RetryableError(`HTTP ${response.status} from ${response.url}`, {
        code: `HTTP_${response.status}`,
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      });
    }
    if (response.status >= 400) throw new FatalError(`HTTP ${response.status} from ${response.url}`, { code: `HTTP_${response.status}` });
    ctx.progress(100, `HTTP ${response.status}`);
    return {
      status: response.status,
      headers: response.headers,
      body: response.body.toString('utf8'),
      truncated: response.truncated,
      bytesRead: response.bytesRead,
      ...(response.redirects > 0 && { url: response.url }),
      durationMs: Date.now() - started,
    };
  },
});

export default definePlugin({ name: 'http-request', version: '1.1.0', tasks: [httpRequestTask] });
