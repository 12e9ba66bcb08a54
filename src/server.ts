/**
 * The HTTP server: GraphQL (yoga) and graphql-ws subscriptions on the same port and path, health
 * endpoints, the Prometheus endpoint (/metrics), and the console (or a landing page without it).
 * Hardening: request-size limit, depth/cost/alias limits, CSRF prevention and masked errors, on HTTP
 * and WebSocket alike.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import { CALLBACK_PATH } from './engine/services/wait-service.js';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { createConsoleHandler } from './console-assets.js';
import { JobcenterError } from './engine/domain/errors.js';
import type { Logger } from './engine/runtime/logger.js';
import type { Config } from './config.js';
import { createContext, DEFAULT_MAX_QUEUED_EVENTS, type GraphQLContext, type Services } from './schema/context.js';
import { useCostLimit } from './schema/cost.js';
import { useIntrospectionLimits } from './server/introspection-limits.js';
import { afterPendingTurn, useOperationBudget } from './server/operation-budget.js';
import { createWsCancellation } from './server/ws-cancellation.js';
import { createSharedExecution, useSharedExecution, type SharedExecution } from './server/shared-execution.js';
import { createNextWriter } from './server/next-writer.js';
import type { Store } from './engine/store/port.js';
import { createMaskError } from './schema/errors.js';
import { schema } from './schema/index.js';
import { createGraphiQL, GRAPHIQL_ASSETS_PATH } from './server/graphiql.js';
import { CLOSE_CODES, LiveGuard, type LiveConnection, type LiveLimits } from './server/live-guard.js';
import { OriginPolicy } from './server/origins.js';
import { pipeResponse } from './server/response-stream.js';
import { createDirectOperations, type DirectOperations } from './server/direct-operations.js';
import { ClientLink } from './server/client-link.js';
import { createRequestAdmission } from './server/request-admission.js';
import { RequestTurns } from './server/request-turns.js';
import { logSocketErrorsAsOneLine } from './server/socket-errors.js';
import { useValidationCache } from './server/validation-cache.js';
import { useCompiledExecution } from './server/compiled-execution.js';

export interface ServerOptions {
  services: Services;
  /** Read by /readyz only: the API itself reads through the services. */
  store: Store;
  logger: Logger;
  limits: Config['limits'];
  graphiql: boolean;
  /** Browser origins allowed besides the server's own (CORS, WebSocket upgrades); default none. */
  allowedOrigins?: readonly string[];
  /** Caps on live connections and how often their tokens are re-read; defaults: the config's. */
  live?: LiveLimits;
  /** Where the built console is (default client/dist); false serves no console. */
  consoleDir?: string | false;
  /** Answers GET /metrics (see prometheus.ts); absent, /metrics is not found. */
  metrics?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export interface JobcenterServer {
  httpServer: http.Server;
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  /** How graphql-ws subscriptions execute their events (its count shows the sharing). */
  sharedExecution: SharedExecution;
  /** The JSON POSTs answered without yoga's HTTP layer; tests turn it off to compare. */
  direct: DirectOperations;
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  close(): Promise<void>;
}

/** A browser navigation (Accept: text/html first), not an API client or a scraper. */
function wantsHtml(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && /^\s*text\/html\b/i.test(String(req.headers.accept ?? ''));
}

/** The bearer secret from an Authorization header or graphql-ws connectionParams. */
function bearer(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match ? match[1] : value.trim() || undefined;
}

function tokenFromParams(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  return bearer(params.authorization ?? params.Authorization ?? params.token);
}

async function buildContext(services: Services, secret: string | undefined): Promise<GraphQLContext> {
  try {
    return createContext(services, await services.tokens.verify(secret), undefined, afterPendingTurn);
  } catch (error) {
    if (error instanceof JobcenterError) return createContext(services, undefined, error, afterPendingTurn);
    throw error;
  }
}

export function createServer(options: ServerOptions): JobcenterServer {
  const { services, logger, limits } = options;
  const maskError = createMaskError(logger);
  const origins = new OriginPolicy(options.allowedOrigins ?? []);
  const live = new LiveGuard(
    options.live ?? { maxSubscriptionsPerSocket: 50, maxSocketsPerToken: 10, maxSocketsPerOrg: 100, tokenRecheckMs: 5000 },
    (token) => services.tokens.recheck(token),
    logger,
  );
  const graphiql = options.graphiql ? createGraphiQL({ title: 'jobcenter', endpoint: '/graphql' }) : undefined;
  // The socket of each acknowledged graphql-ws connection, by its graphql-ws context.
  const socketConnections = new WeakMap<object, LiveConnection>();
  // One execution per event for every subscriber of the same operation, graphql-ws and SSE alike.
  const sharedExecution = createSharedExecution(maskError);
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL is served by server/graphiql.ts (no CDN); CORS answers allowed origins only.
    graphiql: false,
    cors: origins.corsOptions,
    maskedErrors: { maskError },
    // Bodies are read under JOBCENTER_MAX_REQUEST_BYTES before yoga sees them (readBody); yoga's own
    // limit would stream every body once more through a TransformStream.
    maxRequestBodySize: false,
    // Validation results are cached per document by useValidationCache (first among the plugins).
    parserAndValidationCache: { validationCache: false },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.debug(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      // yoga reports every failed operation here, client mistakes included; unexpected errors are
      // logged by maskError, so these stay at debug.
      error: (...args) => logger.debug(args.map(String).join(' ')),
    },
    context: async (initial) => {
      const request = (initial as { request?: Request }).request;
      const params = (initial as { connectionParams?: Record<string, unknown> }).connectionParams;
      const secret = params ? tokenFromParams(params) : bearer(request?.headers.get('authorization'));
      const context = await buildContext(services, secret);
      // A socket whose client falls too far behind is closed; an SSE stream just ends.
      const socket = (initial as { socket?: WebSocket }).socket;
      context.live = {
        maxQueuedEvents: options.live?.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS,
        onSlowConsumer: () =>
          socket?.close(CLOSE_CODES.tooSlow, 'Too slow: the client fell too far behind (JOBCENTER_LIVE_MAX_QUEUED_EVENTS)'),
      };
      return context;
    },
    plugins: [
      useValidationCache(),
      // The cost is counted with the operation's variables (./schema/cost.ts), so armor's own
      // literal-only count is off; introspection's depth is counted in ./server/introspection-limits.ts.
      EnvelopArmorPlugin({
        maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
        costLimit: { enabled: false },
        maxAliases: { n: limits.maxAliases },
        maxDirectives: { n: 50 },
        maxTokens: { n: 5000 },
      }),
      useIntrospectionLimits({ maxDepth: limits.maxDepth }),
      useCostLimit({ maxCost: limits.maxCost }),
      // Before the budget, which wraps whichever execution runs.
      useCompiledExecution(),
      useOperationBudget({ timeoutMs: limits.operationTimeoutMs, maxNodes: limits.maxResponseNodes }),
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight'] }),
      useSharedExecution(sharedExecution),
    ],
  });

  // A JSON POST of one operation from a non-browser client skips yoga's HTTP layer (./server/direct-operations.ts).
  const direct = createDirectOperations(yoga);
  const consoleHandler = options.consoleDir === false ? undefined : createConsoleHandler(options.consoleDir);
  // Requests start a few per event-loop turn, callers in rotation, each caller's in arrival order,
  // and a request that would wait too long is refused (./server/request-turns.ts,
  // ./server/request-admission.ts); a liveness probe is answered at once.
  const turns = new RequestTurns({ targetTurnMs: 5, maxWaitMs: limits.maxQueueWaitMs ?? 0 });
  const admit = createRequestAdmission(
    turns,
    (req) => {
      const secret = bearer(req.headers.authorization);
      return secret === undefined ? undefined : services.tokens.rememberedOrg(secret);
    },
    limits.maxQueueWaitMs ?? 0,
  );
  const httpServer = http.createServer((req, res) => {
    if (req.url === '/healthz') return sendJson(res, 200, { status: 'ok' });
    admit(req, res, () => start(req, res));
  });
  httpServer.on('connection', () => turns.accepted());

  function start(req: IncomingMessage, res: ServerResponse): void {
    // A client that left while its request waited for its turn is not answered.
    if (req.socket?.destroyed) return;
    handle(req, res).catch((error) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL' } }] });
      else res.destroy();
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      await options.store.jobs.nextRunAt(Date.now(), []);
      return sendJson(res, 200, { status: 'ready', store: options.store.kind });
    }
    // /metrics is both the console's Metrics page and the Prometheus endpoint: a browser navigating
    // there asks for HTML and gets the console; a scraper asks for text and gets the exposition.
    if (url.pathname === '/metrics' && !(consoleHandler && wantsHtml(req))) {
      if (options.metrics) return options.metrics(req, res);
      return sendJson(res, 404, { error: 'not found' });
    }
    if (url.pathname.startsWith(GRAPHIQL_ASSETS_PATH) && graphiql?.asset(req, res, url.pathname)) return;
    if (url.pathname.startsWith(CALLBACK_PATH)) return handleCallback(req, res, decodeURIComponent(url.pathname.slice(CALLBACK_PATH.length)));
    if (url.pathname === '/graphql') {
      if (!origins.checkRequest(req, res)) return;
      if (graphiql && wantsHtml(req)) return graphiql.page(res);
      // Every request with a body, and SSE: bodies are read under the size limit here, not by yoga.
      const bodiless = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
      if (!bodiless || /text\/event-stream/i.test(String(req.headers.accept ?? ''))) return handleGraphQLFetch(req, res, url);
      await yoga.requestListener(req, res);
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (consoleHandler && (await consoleHandler(req, res))) return;
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(LANDING_PAGE);
        return;
      }
    }
    sendJson(res, 404, { error: 'not found' });
  }

  /**
   * A wait's one-time callback URL: POST a JSON body to resolve it. The token in the URL is the only
   * credential; it works once (410 after, and after a timeout or the job's end).
   */
  async function handleCallback(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      req.resume();
      return sendJson(res, 405, { error: 'POST a JSON body to resolve the wait' });
    }
    const raw = await readBody(req, res);
    if (!raw) return;
    const text = raw.toString('utf8').trim();
    let body: unknown = null;
    try {
      if (text) body = JSON.parse(text);
    } catch {
      return sendJson(res, 400, { error: 'the body is not JSON' });
    }
    const answer = await services.waits.callback(token, body);
    switch (answer.status) {
      case 'resolved':
        return sendJson(res, 200, { status: 'resolved', jobId: answer.jobId });
      case 'gone':
        return sendJson(res, 410, { error: answer.reason });
      case 'bad-input':
        return sendJson(res, 400, { error: answer.reason });
      case 'not-found':
        return sendJson(res, 404, { error: 'no wait has this callback URL' });
    }
  }

  /**
   * POSTs and SSE GETs: bodies are read here, under the size limit, before yoga sees them. The request
   * is yoga's own Fetch implementation's, built from the Node request's headers as they are, and
   * handed to yoga's handler directly: no global Request, Headers or AbortSignal per request.
   */
  async function handleGraphQLFetch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = await readBody(req, res);
    if (!body) return;
    // Only a client that left before the response finished cancels the operation.
    const client = new ClientLink(res);
    if (await direct.answer(req, res, url, body, client)) return;
    const method = req.method ?? 'GET';
    const request = new yoga.fetchAPI.Request(url.href, {
      method,
      headers: req.headers as Record<string, string>,
      ...(method !== 'GET' && method !== 'HEAD' && { body }),
    });
    const response = await yoga.handleRequest(request, { client });
    await pipeResponse(response, res, {
      guard: live,
      token: () => services.tokens.verify(bearer(req.headers.authorization)).catch(() => undefined),
      abort: () => client.cancel(),
    });
  }

  /**
   * The request's body, read under the size limit; undefined once a 413 has been sent instead (or the
   * client left while it waited). A body still arriving when the request started is read as it comes,
   * and the request then waits for a turn again (ahead of those not started), so its work runs in a
   * turn too.
   */
  async function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer<ArrayBuffer> | undefined> {
    if (Number(req.headers['content-length'] ?? 0) > limits.maxRequestBytes) return void tooLarge(res, req);
    const arriving = !req.complete;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limits.maxRequestBytes) return void tooLarge(res, req);
      chunks.push(chunk);
    }
    if (arriving) {
      await turns.resume();
      // As in start: a client that left while its request waited for its turn is not answered.
      if (req.socket?.destroyed) return undefined;
    }
    return Buffer.concat(chunks);
  }

  function tooLarge(res: ServerResponse, req: IncomingMessage): void {
    sendJson(res, 413, {
      errors: [
        {
          message: `the request body is larger than ${limits.maxRequestBytes} bytes`,
          extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes: limits.maxRequestBytes },
        },
      ],
    });
    req.resume();
  }

  const wsCancellation = createWsCancellation();
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: limits.maxRequestBytes,
    verifyClient: origins.verifyClient,
  });
  const wsHandle = useServer<Record<string, unknown> | undefined>(
    {
      execute: (args) => (args.rootValue as { execute: (a: unknown) => never }).execute(args),
      // Subscribers of the same operation share one execution per event (server/shared-execution.ts).
      subscribe: (args) => sharedExecution.subscribe(args),
      onConnect: async (ctx) => {
        try {
          const token = await services.tokens.verify(tokenFromParams(ctx.connectionParams));
          const socket = ctx.extra.socket;
          const admitted = live.admit(token, (why) => socket.close(why.code, why.reason));
          if ('refused' in admitted) {
            socket.close(CLOSE_CODES.tooManyConnections, admitted.refused.slice(0, 120));
            return false;
          }
          socketConnections.set(ctx, admitted);
          return true;
        } catch (error) {
          if (!(error instanceof JobcenterError)) throw error;
          // 4401 is what graphql-ws clients expect for a refused credential.
          ctx.extra.socket.close(4401, error.message.slice(0, 120));
          return false;
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        // This operation is already among ctx.subscriptions.
        const refused = live.subscriptionRefusal(Object.keys(ctx.subscriptions).length);
        if (refused) return [new GraphQLError(refused, { extensions: { code: 'LIMIT_EXCEEDED', limit: live.maxSubscriptionsPerSocket } })];
        const { schema: s, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams ?? {},
        });
        // A bad operation is this operation's error: thrown here, it would close the whole socket
        // and every other subscription on it.
        try {
          const document = parse(payload.query);
          const errors = validate(s, document);
          if (errors.length) return errors;
          const args = {
            schema: s,
            operationName: payload.operationName,
            document,
            variableValues: payload.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe },
            // Aborts when the client completes this operation or the socket closes.
            signal: wsCancellation.signalFor(ctx.extra.socket, id),
          };
          // Subscriptions write their shared, once-serialised events to the socket themselves.
          sharedExecution.writeTo(args, createNextWriter(ctx.extra.socket, id));
          return args;
        } catch (error) {
          const masked = maskError(error);
          return [masked instanceof GraphQLError ? masked : new GraphQLError(masked.message)];
        }
      },
      onClose: (ctx) => {
        socketConnections.get(ctx)?.release();
        socketConnections.delete(ctx);
      },
      onComplete: (ctx, id) => wsCancellation.done(ctx.extra.socket, id),
      onError: (ctx, id) => void wsCancellation.done(ctx.extra.socket, id),
      // Close reasons never carry internal error messages to clients.
      isProd: true,
    },
    wsServer,
  );
  logSocketErrorsAsOneLine(wsServer, logger);

  return {
    httpServer,
    yoga,
    sharedExecution,
    direct,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address();
          resolve({ port: typeof address === 'object' && address ? address.port : port, host });
        });
      });
    },
    async close() {
      live.stop();
      await wsHandle.dispose();
      wsServer.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const LANDING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>jobcenter</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .25rem}</style>
</head><body>
<h1>jobcenter</h1>
<p>Durable jobs for AI workloads. The GraphQL API, with GraphiQL in the browser and subscriptions over
graphql-ws, is at <a href="/graphql">/graphql</a>. Send your API token as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
<p>The console is not built here: run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload.</p>
<p>Health: <a href="/healthz">/healthz</a> · Readiness: <a href="/readyz">/readyz</a></p>
</body></html>
`;
