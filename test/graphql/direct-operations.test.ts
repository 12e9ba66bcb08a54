/**
 * JSON POSTs of one operation from non-browser clients are answered without yoga's HTTP layer
 * (server/direct-operations.ts). Every request here is sent twice to the same server, once that way
 * and once through yoga (the direct path turned off), and the two answers must be the same: status,
 * content type, the other headers' names, and body.
 */
import { expect, test } from 'vitest';
import { useTestApp } from './helpers.js';

const app = useTestApp({ env: { JOBCENTER_MAX_RESPONSE_NODES: '100' } });

interface Sent {
  headers?: Record<string, string>;
  body: string;
  token?: string | false;
}

interface Answer {
  status: number;
  contentType: string | null;
  headerNames: string[];
  body: unknown;
}

/** Headers that differ between any two responses. */
const VARYING = new Set(['date', 'connection', 'keep-alive']);

async function send(sent: Sent, direct: boolean): Promise<{ answer: Answer; answeredDirectly: boolean }> {
  const server = app().app.server!;
  server.direct.enabled = direct;
  const before = server.direct.answered;
  const token = sent.token === undefined ? app().adminToken : sent.token;
  try {
    const response = await fetch(app().url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }), ...sent.headers },
      body: sent.body,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Compared as text.
    }
    const headerNames = [...response.headers.keys()].filter((name) => !VARYING.has(name)).sort();
    return {
      answer: { status: response.status, contentType: response.headers.get('content-type'), headerNames, body },
      answeredDirectly: server.direct.answered > before,
    };
  } finally {
    server.direct.enabled = true;
  }
}

/** Sends `sent` both ways; returns the answer, having checked that both are the same. */
async function both(sent: Sent, expectDirect: boolean): Promise<Answer> {
  const viaYoga = await send(sent, false);
  const direct = await send(sent, true);
  expect(viaYoga.answeredDirectly).toBe(false);
  expect(direct.answeredDirectly).toBe(expectDirect);
  expect(direct.answer).toEqual(viaYoga.answer);
  return direct.answer;
}

const op = (query: string, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...extra });

test('queries and mutations answer the same as through yoga, for every Accept a client sends', async () => {
  const enqueue = 'mutation($i: EnqueueJobInput!) { enqueueJob(input: $i) { id type status payload priority } }';
  const input = { type: 'sleep', payload: { ms: 0 }, delayMs: 3_600_000, idempotencyKey: 'same-both-ways' };
  const created = await both({ body: op(enqueue, { variables: { i: input } }) }, true);
  const id = (created.body as { data: { enqueueJob: { id: string } } }).data.enqueueJob.id;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);

  const list = op(`{ jobs(first: 5) { totalCount edges { cursor node { id type status createdAt } } pageInfo { hasNextPage } } }`);
  for (const accept of [
    undefined,
    '*/*',
    'application/json',
    'application/graphql-response+json',
    'application/graphql-response+json, application/json',
    'application/json, application/graphql-response+json',
    'application/json; charset=utf-8',
    'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
  ]) {
    const answer = await both({ body: list, ...(accept && { headers: { accept } }) }, true);
    expect(answer.status, accept).toBe(200);
    expect((answer.body as { data: { jobs: { totalCount: number } } }).data.jobs.totalCount).toBe(1);
  }
  // Named operations, one of several chosen by operationName.
  const named = op(`query A { jobs(first: 1) { totalCount } } query B { job(id: "${id}") { id status } }`, { operationName: 'B' });
  expect((await both({ body: named }, true)).body).toEqual({ data: { job: { id, status: 'QUEUED' } } });
});

test('errors answer the same: field errors, auth, bad input, variables, the node cap', async () => {
  const cases: Array<[string, Sent, boolean]> = [
    ['no token', { body: op('{ jobs(first: 1) { totalCount } }'), token: false }, true],
    ['a wrong token', { body: op('{ jobs(first: 1) { totalCount } }'), token: 'jc_not-a-real-token' }, true],
    ['a missing job', { body: op('{ job(id: "00000000-0000-0000-0000-000000000000") { id } }') }, true],
    ['bad payload', { body: op('mutation { enqueueJob(input: { type: "sleep", payload: { ms: "soon" } }) { id } }') }, true],
    ['an unknown task type', { body: op('mutation { enqueueJob(input: { type: "no-such-type", payload: {} }) { id } }') }, true],
    ['a variable of the wrong type', { body: op('query($n: Int) { jobs(first: $n) { totalCount } }', { variables: { n: 'many' } }) }, true],
    ['a missing variable', { body: op('query($id: ID!) { job(id: $id) { id } }') }, true],
    ['past the node cap', { body: op('{ jobs(first: 100) { edges { node { id type status payload createdAt } } } }') }, true],
    // Not answered directly: yoga answers these as it always has.
    ['a syntax error', { body: op('{ jobs(first: 1) { totalCount ') }, false],
    ['an unknown field', { body: op('{ jobs(first: 1) { noSuchField } }') }, false],
    ['past the depth limit', { body: op(`{ job(id: "x") { ${'parent { '.repeat(30)}id${' }'.repeat(30)} } }`) }, false],
    // (Accepting */*, yoga would answer it as a server-sent event stream.)
    ['a subscription over POST', { body: op('subscription { jobEvents { kind } }'), headers: { accept: 'application/json' } }, false],
    ['an unknown operation name', { body: op('query A { __typename }', { operationName: 'B' }) }, false],
    ['a body that is not JSON', { body: '{"query": ' }, false],
    ['a batch', { body: JSON.stringify([{ query: '{ __typename }' }]) }, false],
    ['an extra key', { body: op('{ __typename }', { extra: 1 }) }, false],
    ['variables that are not an object', { body: op('{ __typename }', { variables: [1] }) }, false],
    ['an Accept yoga cannot answer', { body: op('{ __typename }'), headers: { accept: 'text/html' } }, false],
    ['another charset', { body: op('{ __typename }'), headers: { 'content-type': 'application/json; charset=latin1' } }, false],
    ['a browser (an Origin)', { body: op('{ __typename }'), headers: { origin: 'http://elsewhere.example' } }, false],
  ];
  for (const [label, sent, direct] of cases) {
    await both(sent, direct).catch((error: Error) => {
      throw new Error(`${label}: ${error.message}`);
    });
  }
  // The node cap stops the operation with one error and no data, whichever way it runs.
  for (const enabled of [true, false]) {
    for (let i = 0; i < 20; i++) await app().data('mutation { enqueueJob(input: { type: "sleep", payload: { ms: 0 }, delayMs: 3600000 }) { id } }');
    const capped = await send({ body: op('{ jobs(first: 100) { edges { node { id type status payload createdAt } } } }') }, enabled);
    expect(capped.answer.body).toMatchObject({ errors: [{ extensions: { code: 'RESPONSE_TOO_LARGE' } }] });
    expect((capped.answer.body as { data?: unknown }).data ?? null).toBeNull();
  }
});
