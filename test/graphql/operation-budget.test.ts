/**
 * Limits on what one operation may cost: the cost counted with its variables and default page sizes,
 * a time budget and a node cap that stop its resolvers, cancellation when its client leaves (HTTP and
 * graphql-ws), and introspection behind a token and under the same limits.
 */
import { getIntrospectionQuery } from 'graphql';
import { expect, test } from 'vitest';
import WebSocket from 'ws';
import { poll, startTestApp, useTestApp, type TestApp } from './helpers.js';

const NODE_CAP = 500;
const limited = useTestApp({ env: { JOBCENTER_MAX_RESPONSE_NODES: String(NODE_CAP) } });
// Cost checks off (as far as they go) so that only the time budget or the client can stop it.
const slow = useTestApp({
  env: { JOBCENTER_MAX_QUERY_COST: '1000000000', JOBCENTER_OPERATION_TIMEOUT_MS: '300', JOBCENTER_MAX_RESPONSE_NODES: '10000000' },
});

const FAR = 2_000_000_000;
const NESTED = 'job(id: $id) { parent { children(first: $n) { edges { node { parent { children(first: $n) { edges { node { id payload } } } } } } } } }';
const aliased = (count: number, first = '$n') =>
  `query($id: ID!${first === '$n' ? ', $n: Int' : ''}) { ${Array.from({ length: count }, (_, i) => `a${i}: ${NESTED.replaceAll('$n', first)}`).join(' ')} }`;

/** A parent with `children` children (never due) in `org`; returns the first child's id. */
async function family(app: TestApp, token: string, children: number): Promise<string> {
  const enqueue = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
  const parent = (await app.data(enqueue, { input: { type: 'sleep', payload: { ms: 0 }, delayMs: FAR } }, token)).enqueueJob.id;
  const ids: string[] = [];
  for (let i = 0; i < children; i += 25) {
    const batch = Array.from({ length: Math.min(25, children - i) }, (_, j) => j);
    const doc = `mutation { ${batch
      .map((j) => `c${j}: enqueueJob(input: { type: "sleep", payload: { ms: 0, n: ${i + j} }, delayMs: ${FAR}, parentId: "${parent}" }) { id }`)
      .join(' ')} }`;
    const data = await app.data(doc, undefined, token);
    ids.push(...Object.values(data as Record<string, { id: string }>).map((c) => c.id));
  }
  return ids[0]!;
}

/** Counts the store's job-list calls (the store is called through unchanged). */
function countListCalls(app: TestApp, onCall?: (calls: number) => void): () => number {
  const jobs = app.app.store.jobs;
  const list = jobs.list.bind(jobs);
  let calls = 0;
  jobs.list = ((...args: Parameters<typeof list>) => {
    calls++;
    onCall?.(calls);
    return list(...args);
  }) as typeof jobs.list;
  return () => calls;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the count stops growing (no growth for a settled spell); returns it. */
async function settled(count: () => number): Promise<number> {
  let last = count();
  for (let i = 0; i < 50; i++) {
    await sleep(400);
    if (count() === last) return last;
    last = count();
  }
  throw new Error(`still growing: ${last}`);
}

test('the cost counts first from variables, and connections without first at the default page', async () => {
  const token = await limited().token('org-cost', ['jobs:read']);
  const literal = await limited().gql(aliased(30, '100'), { id: 'none' }, token);
  expect(literal.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  const withVariable = await limited().gql(aliased(30), { id: 'none', n: 100 }, token);
  expect(withVariable.data ?? null).toBeNull();
  expect(withVariable.errors).toHaveLength(1);
  expect(withVariable.errors![0]!.extensions?.code).toBe('BAD_REQUEST');
  expect(withVariable.errors![0]!.message).toMatch(/cost is [\d,]+, over the limit of 20,000/);
  expect(withVariable.errors![0]!.extensions?.cost).toBe(literal.errors![0]!.extensions?.cost);
  // No first at all: the default page of 20, twice nested, is still counted.
  const noFirst = await limited().gql(aliased(30, '').replaceAll('(first: )', ''), { id: 'none' }, token);
  expect(noFirst.errors?.[0]?.message).toMatch(/cost is/);
  // A small one with a variable runs.
  const small = await limited().gql(aliased(1), { id: 'none', n: 5 }, token);
  expect(small.errors).toBeUndefined();
  expect(small.data).toEqual({ a0: null });
});

test('a response over the node cap is refused with no data', async () => {
  const token = await limited().token('org-nodes', ['jobs:read', 'jobs:write']);
  await family(limited(), token, 100);
  const query = `query($n: Int) { jobs(first: $n) { edges { node { id type status priority payload attempt createdAt } } } }`;
  const within = await limited().gql(query, { n: 10 }, token);
  expect(within.errors).toBeUndefined();
  const over = await limited().gql(query, { n: 100 }, token);
  expect(over.data ?? null).toBeNull();
  expect(over.errors).toHaveLength(1);
  expect(over.errors![0]!.extensions?.code).toBe('RESPONSE_TOO_LARGE');
  expect(over.errors![0]!.message).toContain(`more than ${NODE_CAP} fields`);
});

test('an operation past its time budget is stopped with a clear error and stops calling the store', async () => {
  const token = await slow().token('org-slow', ['jobs:read', 'jobs:write']);
  const child = await family(slow(), token, 100);
  const calls = countListCalls(slow());
  const result = await slow().gql(aliased(10), { id: child, n: 100 }, token);
  const atAnswer = calls();
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions?.code).toBe('OPERATION_TIMEOUT');
  expect(result.errors![0]!.message).toContain('time budget of 300 ms');
  // The whole operation makes at most 10 * 101 list calls (the nested parents are read in batches,
  // so on a fast machine the lists may all be read before the budget runs out in the 100,000 leaf
  // fields); once it is stopped, it makes no more.
  const stoppedAt = await settled(calls);
  expect(stoppedAt).toBeLessThanOrEqual(1010);
  expect(stoppedAt).toBe(atAnswer);
});

/** Three connections deep: 1 + 100 + 100 * 100 list calls when it runs to the end. */
const DEEPER =
  'query($id: ID!, $n: Int) { job(id: $id) { parent { children(first: $n) { edges { node { parent { children(first: $n) { edges { node { parent { children(first: $n) { edges { node { id } } } } } } } } } } } } } }';
const DEEPER_CALLS = 1 + 100 + 100 * 100;

async function stopsWhenTheClientLeaves(label: string, leave: (app: TestApp, token: string, variables: Record<string, unknown>) => Promise<void>) {
  const app = await startTestApp({
    env: {
      JOBCENTER_MAX_QUERY_COST: '1000000000',
      JOBCENTER_MAX_QUERY_DEPTH: '20',
      JOBCENTER_OPERATION_TIMEOUT_MS: '600000',
      JOBCENTER_MAX_RESPONSE_NODES: '10000000',
    },
  });
  try {
    const token = await app.token('org-gone', ['jobs:read', 'jobs:write']);
    const child = await family(app, token, 100);
    const calls = countListCalls(app);
    await leave(app, token, { id: child, n: 100 });
    const stoppedAt = await settled(calls);
    expect(stoppedAt, label).toBeLessThan(DEEPER_CALLS);
  } finally {
    await app.stop();
  }
}

/** Resolves once the operation has made `calls` list calls (the client leaves at that moment). */
function atCall(app: TestApp, calls: number, leave: () => void): Promise<void> {
  return new Promise((resolve) =>
    countListCalls(app, (n) => {
      if (n !== calls) return;
      leave();
      resolve();
    }),
  );
}

test('an HTTP client that disconnects mid-operation stops it', async () => {
  await stopsWhenTheClientLeaves('http', async (app, token, variables) => {
    const abort = new AbortController();
    const left = atCall(app, 150, () => abort.abort());
    const request = fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: DEEPER, variables }),
      signal: abort.signal,
    }).catch(() => undefined);
    await left;
    await request;
  });
}, 60_000);

test('a graphql-ws client that completes the operation stops it', async () => {
  await stopsWhenTheClientLeaves('complete', async (app, token, variables) => {
    const client = app.wsClient({ authorization: `Bearer ${token}` });
    let unsubscribe = () => {};
    const left = atCall(app, 150, () => unsubscribe());
    unsubscribe = client.subscribe({ query: DEEPER, variables }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await left;
  });
}, 60_000);

test('a graphql-ws client whose socket closes mid-operation stops it', async () => {
  await stopsWhenTheClientLeaves('close', async (app, token, variables) => {
    const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const acked = new Promise((resolve) => socket.once('message', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await acked;
    const left = atCall(app, 150, () => socket.terminate());
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: DEEPER, variables } }));
    await left;
  });
}, 60_000);

test('introspection needs a token, and is held to the depth, alias and cost limits', async () => {
  const simple = '{ __schema { queryType { name } } }';
  const anonymous = await limited().gql(simple, undefined, null);
  expect(anonymous.data ?? null).toBeNull();
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const typeAnonymous = await limited().gql('{ __type(name: "Job") { name } }', undefined, null);
  expect(typeAnonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

  const token = await limited().token('org-introspect', ['jobs:read']);
  expect((await limited().data(simple, undefined, token)).__schema.queryType.name).toBe('Query');
  // What GraphiQL sends runs.
  const full = await limited().gql(getIntrospectionQuery({ inputValueDeprecation: true }), undefined, token);
  expect(full.errors).toBeUndefined();
  expect(full.data.__schema.types.length).toBeGreaterThan(10);

  // Many copies of the full schema: refused by the cost.
  const fields = 'types { name fields { name args { name type { name ofType { name } } } type { name ofType { name ofType { name } } } } }';
  const copies = `{ ${Array.from({ length: 30 }, (_, i) => `s${i}: __schema { ${fields} }`).join(' ')} }`;
  const many = await limited().gql(copies, undefined, token);
  expect(many.data ?? null).toBeNull();
  expect(many.errors?.[0]?.message).toMatch(/cost is/);
  // A deep one: refused by the depth limit.
  const deep = `{ __schema { types { ${'fields { type { '.repeat(6)}name${' } }'.repeat(6)} } } }`;
  const tooDeep = await limited().gql(deep, undefined, token);
  expect(tooDeep.data ?? null).toBeNull();
  expect(tooDeep.errors?.[0]?.message).toMatch(/depth/i);
});
