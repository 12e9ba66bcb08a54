/**
 * The API's most common request answered without yoga's HTTP layer: a POST of one JSON operation (a
 * query or a mutation) from a client that sends no Origin (a service or a script, not a browser) and
 * accepts JSON. Such a request runs through the same envelop as every other (yoga's getEnveloped:
 * parse and validation caches, armor, cost and budget limits, compiled execution, masked errors,
 * the same context and auth), and its answer is written by yoga's own JSON result processor, so the
 * status and body are yoga's; what it skips is the Fetch Request built per request, the server
 * adapter's hooks (CORS answers nothing to a request without an Origin; CSRF prevention passes
 * every JSON POST) and the parsing of the body as a stream. That is about a sixth of the CPU of a
 * page of jobs or of an enqueue.
 *
 * Anything else goes through yoga unchanged: other methods, content types or Accept headers, an
 * Origin, a body that is not one plain operation object, and any document that does not parse or
 * validate or is a subscription (nothing has run by then, so yoga answers it as it always has,
 * with its own status and error).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import type { GraphQLContext } from '../schema/context.js';
import type { ClientLink } from './client-link.js';
import { writeWhole } from './response-stream.js';

/** The media types of yoga's JSON result processor, in its order. */
const JSON_MEDIA_TYPES = ['application/graphql-response+json', 'application/json'];

const matches = (wanted: string, offered: string) => {
  const [wantedType, wantedSub] = offered.split('/');
  const [type, sub] = wanted.split('/');
  return (wantedType === '*' || wantedType === type) && (wantedSub === '*' || wantedSub === sub);
};

/**
 * The media type yoga answers a query or mutation with, for this Accept header: yoga tries the
 * accepted types from last to first against its JSON processor's types, and the last match wins
 * (its result-processor/accept.ts). Undefined when none matches (yoga answers 406).
 */
function jsonMediaType(accept: string | undefined): string | undefined {
  const accepted = (accept || '*/*')
    .replace(/\s/g, '')
    .toLowerCase()
    .split(',')
    .filter((entry) => (entry.split(';').slice(1).find((param) => param.includes('charset=')) ?? 'charset=utf-8') === 'charset=utf-8')
    .map((entry) => entry.split(';')[0]!)
    .reverse();
  let chosen: string | undefined;
  for (const offered of accepted) for (const type of JSON_MEDIA_TYPES) if (matches(type, offered)) chosen = type;
  return chosen;
}

const PARAM_KEYS = new Set(['query', 'variables', 'operationName', 'extensions']);

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/** The envelop yoga runs every operation through (its getEnveloped). */
interface Enveloped {
  schema: GraphQLSchema;
  parse(source: string): DocumentNode;
  validate(schema: GraphQLSchema, document: DocumentNode): readonly unknown[];
  contextFactory(): Promise<unknown> | unknown;
  execute(args: ExecutionArgs): unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/** The body's operation when it is one plain operation object (anything else is yoga's to answer). */
function paramsOf(body: Buffer): Params | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isPlainObject(parsed) || typeof parsed.query !== 'string') return undefined;
  for (const key of Object.keys(parsed)) if (!PARAM_KEYS.has(key)) return undefined;
  const { variables, operationName, extensions } = parsed;
  if (variables != null && !isPlainObject(variables)) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (extensions != null && !isPlainObject(extensions)) return undefined;
  return parsed as unknown as Params;
}

/**
 * The request as the context and plugins see it: its method, URL and headers (read as the Node
 * request has them). Nothing reads its body, which is already parsed.
 */
function requestOf(req: IncomingMessage, url: URL): Request {
  const headers = {
    get: (name: string) => {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    has: (name: string) => req.headers[name.toLowerCase()] !== undefined,
  };
  return { method: req.method ?? 'POST', url: url.href, headers } as unknown as Request;
}

export interface DirectOperations {
  /** Off, every request goes through yoga (tests compare the two). */
  enabled: boolean;
  /** Requests answered here since the process started (tests and benches read it). */
  answered: number;
  /** Answers the request and resolves true, or resolves false having done nothing (yoga answers it). */
  answer(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, client: ClientLink): Promise<boolean>;
}

export function createDirectOperations(yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>): DirectOperations {
  const getEnveloped = (yoga as unknown as { getEnveloped(context: object): Enveloped }).getEnveloped;
  const direct: DirectOperations = {
    enabled: true,
    answered: 0,
    async answer(req, res, url, body, client) {
      if (!direct.enabled || req.method !== 'POST' || req.headers.origin !== undefined) return false;
      if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(req.headers['content-type'] ?? '')) return false;
      const mediaType = jsonMediaType(req.headers.accept);
      if (!mediaType) return false;
      const params = paramsOf(body);
      if (!params) return false;

      // The context yoga would start from: the server's context (the client link), the request, the params.
      const enveloped = getEnveloped({ client, request: requestOf(req, url), params });
      // A document that does not parse or validate (a limit's rule may throw) is yoga's to answer.
      let document: DocumentNode;
      try {
        document = enveloped.parse(params.query);
        const operation = getOperationAST(document, params.operationName);
        if (!operation || operation.operation === 'subscription') return false;
        if (enveloped.validate(enveloped.schema, document).length > 0) return false;
      } catch {
        return false;
      }

      direct.answered++;
      const contextValue = await enveloped.contextFactory();
      const result = await enveloped.execute({
        schema: enveloped.schema,
        document,
        contextValue,
        variableValues: params.variables,
        operationName: params.operationName,
      });
      await writeWhole(processRegularResult(result as never, yoga.fetchAPI, mediaType), res);
      return true;
    },
  };
  return direct;
}
