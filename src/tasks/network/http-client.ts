/**
 * Outbound HTTP for tasks, guarded: each hop's host is resolved once, every address it resolves to is
 * checked against the address policy, and the connection goes to a checked address (the socket's
 * lookup answers with it, so a second DNS answer cannot swap it). Redirects are followed by hand and
 * checked the same way. The body is streamed and reading stops at a byte cap; the whole exchange,
 * redirects and body included, is aborted at a time cap.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { FatalError, RetryableError } from '../../engine/domain/errors.js';
import type { HttpSettings } from '../../engine/domain/task-settings.js';
import { AddressPolicy, canonicalHost } from './address-policy.js';

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Aborts the request (pass `ctx.signal`). */
  signal?: AbortSignal;
  /** Lowers the settings' time cap for this request. */
  timeoutMs?: number;
  /** Redirects followed before giving up (default 5); 0 returns the redirect itself. */
  maxRedirects?: number;
}

export interface HttpResponseData {
  status: number;
  headers: Record<string, string>;
  /** The body as read: at most `bytesRead` bytes. */
  body: Buffer;
  bytesRead: number;
  /** True when the body was longer than the cap and the rest was not read. */
  truncated: boolean;
  /** The URL that answered (differs from the one asked when redirected). */
  url: string;
  redirects: number;
}

/** The request's host resolves only to addresses the policy refuses. Never retried. */
export class AddressBlockedError extends FatalError {
  constructor(
    readonly url: string,
    readonly address: string,
    reason: string,
    denied: boolean,
  ) {
    const hint = denied ? 'remove it from JOBCENTER_HTTP_DENY to allow it' : 'add it to JOBCENTER_HTTP_ALLOW to allow it';
    super(`refused to connect to ${address} for ${url}: ${reason}; ${hint}`, { code: 'ADDRESS_BLOCKED' });
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** Policies by the settings they were made from: settings are frozen, so each is parsed once. */
const policies = new WeakMap<HttpSettings, AddressPolicy>();

function policyFor(settings: HttpSettings): AddressPolicy {
  let policy = policies.get(settings);
  if (!policy) {
    policy = new AddressPolicy(settings);
    policies.set(settings, policy);
  }
  return policy;
}

/**
 * Sends one request (following redirects) under `settings`: refused addresses throw
 * AddressBlockedError; the time cap throws a RetryableError with code HTTP_TIMEOUT; network errors a
 * RetryableError with code NETWORK; an abort of `options.signal` throws its reason.
 */
export async function httpRequest(url: string, settings: HttpSettings, options: HttpRequestOptions = {}): Promise<HttpResponseData> {
  const timeoutMs = Math.min(options.timeoutMs ?? settings.timeoutMs, settings.timeoutMs);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const policy = policyFor(settings);
  const maxRedirects = options.maxRedirects ?? 5;
  let current = new URL(url);
  let method = (options.method ?? 'GET').toUpperCase();
  let body = options.body;
  let headers = { ...options.headers };
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await send(current, { method, headers, body, signal, policy });
      const location = response.headers.location;
      if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined || maxRedirects === 0) {
        return await readResponse(response, { url: current, redirects, method, maxBytes: settings.maxResponseBytes, signal });
      }
      response.destroy();
      if (redirects >= maxRedirects) throw new FatalError(`more than ${maxRedirects} redirects from ${url}`, { code: 'TOO_MANY_REDIRECTS' });
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new FatalError(`${current.href} redirected to ${next.protocol} (only http and https are followed)`, { code: 'BAD_REDIRECT' });
      }
      // As fetch does: 303 (and 301/302 after a POST) become a GET without a body; credentials stay
      // with the origin they were meant for.
      const status = response.statusCode!;
      if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers = withoutHeaders(headers, ['content-type', 'content-length']);
      }
      if (next.origin !== current.origin) headers = withoutHeaders(headers, [...CREDENTIAL_HEADERS]);
      current = next;
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new RetryableError(`${method} ${current.href} did not finish within ${timeoutMs} ms (JOBCENTER_HTTP_TIMEOUT_MS, or the task's timeoutMs if lower)`, {
        code: 'HTTP_TIMEOUT',
        cause: error,
      });
    }
    if (error instanceof FatalError || error instanceof RetryableError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new RetryableError(`request to ${current.href} failed: ${reason}`, { code: 'NETWORK', cause: error });
  }
}

function withoutHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}

interface SendOptions {
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  signal: AbortSignal;
  policy: AddressPolicy;
}

/** Resolves and checks the host, then sends the request to a checked address; resolves with the response head. */
async function send(url: URL, o: SendOptions): Promise<http.IncomingMessage> {
  const addresses = await checkedAddresses(url, o.policy, o.signal);
  const lookup: net.LookupFunction = (_hostname, options, callback) => {
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = addresses.filter((a) => family === 0 || a.family === family);
    if (usable.length === 0) return callback(Object.assign(new Error(`no IPv${family} address was allowed`), { code: 'ENOTFOUND' }), '', 0);
    if (options.all) return (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, usable);
    callback(null, usable[0]!.address, usable[0]!.family);
  };
  const headers = { ...o.headers };
  if (o.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
    headers['content-length'] = String(Buffer.byteLength(o.body));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: o.method, headers, lookup, agent: false });
    const onAbort = () => request.destroy(o.signal.reason instanceof Error ? o.signal.reason : new Error('aborted'));
    o.signal.addEventListener('abort', onAbort, { once: true });
    request.once('response', (response) => {
      // From here the body reader owns the abort: it destroys the response (and so the request).
      o.signal.removeEventListener('abort', onAbort);
      resolve(response);
    });
    request.once('error', (error) => {
      o.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    if (o.signal.aborted) onAbort();
    request.end(o.body);
  });
}

/** Every address the URL's host resolves to that the policy lets through; throws if there is none. */
async function checkedAddresses(url: URL, policy: AddressPolicy, signal: AbortSignal): Promise<dns.LookupAddress[]> {
  const host = canonicalHost(url.hostname);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const family = net.isIP(host);
  const resolved = family !== 0 ? [{ address: host, family }] : await abortable(dns.promises.lookup(host, { all: true, verbatim: true }), signal);
  const allowed: dns.LookupAddress[] = [];
  let refusal: ReturnType<AddressPolicy['check']>;
  for (const candidate of resolved) {
    const refused = policy.check({ host, port, address: candidate.address });
    if (refused) refusal ??= refused;
    else allowed.push(candidate);
  }
  if (allowed.length === 0) {
    if (refusal) throw new AddressBlockedError(url.href, refusal.address, refusal.reason, refusal.denied);
    throw new RetryableError(`${host} resolved to no address`, { code: 'NETWORK' });
  }
  return allowed;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Reads the body up to `maxBytes` (decompressed, if the server compressed it), then stops reading. */
async function readResponse(
  response: http.IncomingMessage,
  { url, redirects, method, maxBytes, signal }: { url: URL; redirects: number; method: string; maxBytes: number; signal: AbortSignal },
): Promise<HttpResponseData> {
  const head = {
    status: response.statusCode ?? 0,
    headers: flattenHeaders(response.headers),
    url: url.href,
    redirects,
  };
  if (method === 'HEAD') {
    response.destroy();
    return { ...head, body: Buffer.alloc(0), bytesRead: 0, truncated: false };
  }
  const decoder = decompressor(response.headers['content-encoding']);
  const source: Readable = decoder ? response.pipe(decoder) : response;
  if (decoder) response.once('error', (error) => decoder.destroy(error));
  const onAbort = () => source.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const room = maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    response.destroy();
    decoder?.destroy();
  }
  return { ...head, body: Buffer.concat(chunks, size), bytesRead: size, truncated };
}

function decompressor(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
