/**
 * Compiled execution (server/compiled-execution.ts) over real HTTP: a document's later runs are
 * compiled and answer exactly what its first runs answered on graphql-js (data, errors with their
 * codes, paths and locations, auth scopes); documents the compiler would read differently never run
 * compiled: a variable inside a JSON literal, several operations in one document, introspection.
 */
import { parse } from 'graphql';
import { expect, test } from 'vitest';
import { COMPILE_AFTER_USES, compilable, compiledCounts, compileWeight, createCompileGate, MAX_COMPILED_CHARS } from '../../src/server/compiled-execution.js';
import { useTestApp } from './helpers.js';

const api = useTestApp();
const RUNS = COMPILE_AFTER_USES + 2;

/** Runs one document RUNS times; returns each answer and how many of the runs were compiled. */
async function repeat(query: string, variables: (i: number) => Record<string, unknown> = () => ({}), token?: string) {
  const before = compiledCounts.runs;
  const answers = [];
  for (let i = 0; i < RUNS; i++) {
    const { data, errors } = await api().gql(query, variables(i), token);
    answers.push({ data, errors });
  }
  return { answers, compiled: compiledCounts.runs - before };
}

test('a list and a mutation repeated: the compiled runs answer as the interpreted ones did', async () => {
  const token = await api().token('compiled-list', ['jobs:read', 'jobs:write']);
  const enqueue = `mutation($inputs: [EnqueueJobInput!]!) { enqueueJobs(inputs: $inputs) { id type status payload priority } }`;
  const inputs = (i: number) => ({ inputs: [0, 1, 2].map((n) => ({ type: 'sleep', payload: { ms: i * 10 + n, steps: 1 }, delayMs: 2_000_000_000, priority: n })) });
  const enqueued = await repeat(enqueue, inputs, token);
  expect(enqueued.compiled).toBe(RUNS - COMPILE_AFTER_USES + 1);
  enqueued.answers.forEach((answer, i) => {
    expect(answer.errors).toBeUndefined();
    expect(answer.data.enqueueJobs.map((j: { payload: { ms: number } }) => j.payload.ms)).toEqual([i * 10, i * 10 + 1, i * 10 + 2]);
    expect(answer.data.enqueueJobs.map((j: { priority: number; status: string }) => [j.priority, j.status])).toEqual([[0, 'QUEUED'], [1, 'QUEUED'], [2, 'QUEUED']]);
  });

  const list = `query($first: Int) { jobs(first: $first, orderBy: PRIORITY_DESC) { totalCount totalCountIsExact edges { cursor node { id priority payload createdAt } } pageInfo { hasNextPage endCursor } } }`;
  const listed = await repeat(list, () => ({ first: 4 }), token);
  expect(listed.compiled).toBeGreaterThan(0);
  const [first, ...rest] = listed.answers;
  expect(first!.data.jobs.totalCount).toBe(3 * RUNS);
  expect(first!.data.jobs.edges).toHaveLength(4);
  for (const answer of rest) expect(answer).toEqual(first);
});

test('errors from compiled runs keep their code, path and locations; scopes still refuse', async () => {
  const reader = await api().token('compiled-errors', ['jobs:read']);
  const query = `query($id: ID!) {
    job(id: $id) { id }
    audit: auditLog(first: 1) { totalCount }
  }`;
  const { answers, compiled } = await repeat(query, () => ({ id: 'no-such-job' }), reader);
  expect(compiled).toBeGreaterThan(0);
  const [first, ...rest] = answers;
  expect(first!.errors?.length).toBeGreaterThan(0);
  const forbidden = first!.errors!.find((e: { path?: unknown[] }) => e.path?.[0] === 'audit');
  expect(forbidden?.extensions?.code).toBe('FORBIDDEN');
  expect((forbidden as { locations?: unknown }).locations).toEqual([{ line: 3, column: 5 }]);
  for (const answer of rest) expect(answer).toEqual(first);
});

test('a variable inside a JSON literal reaches the payload on every run (never compiled)', async () => {
  const token = await api().token('compiled-literal', ['jobs:read', 'jobs:write']);
  const query = `mutation($ms: Int!) { enqueueJob(input: { type: "sleep", payload: { ms: $ms, steps: 1 }, delayMs: 2000000000 }) { payload } }`;
  expect(compilable(parse(query))).toBe(false);
  const { answers, compiled } = await repeat(query, (i) => ({ ms: 100 + i }), token);
  expect(compiled).toBe(0);
  expect(answers.map((a) => a.data.enqueueJob.payload.ms)).toEqual(Array.from({ length: RUNS }, (_, i) => 100 + i));
});

test('a document with two operations answers the one named, run after run (never compiled)', async () => {
  const token = await api().token('compiled-two-ops', ['jobs:read']);
  const query = `query A { a: jobs(first: 1) { totalCount } } query B { b: queueStats { oldestQueuedAt } }`;
  expect(compilable(parse(query))).toBe(false);
  const before = compiledCounts.runs;
  for (let i = 0; i < RUNS; i++) {
    const name = i % 2 ? 'B' : 'A';
    const response = await fetch(api().url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, operationName: name }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data!)).toEqual([name.toLowerCase()]);
  }
  expect(compiledCounts.runs - before).toBe(0);
});

test('what is compiled: one query or mutation, no variable in a literal, no introspection', () => {
  expect(compilable(parse('{ jobs { totalCount } }'))).toBe(true);
  expect(compilable(parse('mutation($i: EnqueueJobInput!) { enqueueJob(input: $i) { id } }'))).toBe(true);
  expect(compilable(parse('query($s: [JobStatus!]) { jobs(filter: { status: $s }) { totalCount } }'))).toBe(false);
  expect(compilable(parse('subscription { jobEvents { kind } }'))).toBe(false);
  expect(compilable(parse('{ __schema { types { name } } }'))).toBe(false);
  expect(compilable(parse('{ jobs { totalCount } } fragment F on Job { id }'))).toBe(true);
});

test('a document longer than the compiled limit always runs on graphql-js', async () => {
  const token = await api().token('compiled-long', ['jobs:read']);
  const fields = Array.from({ length: 25 }, (_, i) => `j${i}: jobs(first: 1) { totalCount totalCountIsExact pageInfo { hasNextPage hasPreviousPage endCursor } }`).join(' ');
  const query = `{ ${fields} }`;
  expect(compileWeight(parse(query))).toBeGreaterThan(MAX_COMPILED_CHARS);
  const { answers, compiled } = await repeat(query, () => ({}), token);
  expect(compiled).toBe(0);
  expect(answers.every((a) => a.errors === undefined && a.data.j24.totalCount === 0)).toBe(true);
});

test('the limit counts significant characters: whitespace and comments do not count, a "#" in a string hides nothing', async () => {
  const token = await api().token('compiled-weight', ['jobs:read']);
  // A list query padded far past the limit with indentation and comments is still small to compile.
  const padding = `\n${' '.repeat(300)}# ${'a comment that compiling never reads '.repeat(5)}\n`;
  const padded = `{${padding} jobs(first: 1) {${padding} totalCount${padding} } }`;
  expect(padded.length).toBeGreaterThan(MAX_COMPILED_CHARS);
  expect(compileWeight(parse(padded))).toBeLessThan(60);
  expect((await repeat(padded, () => ({}), token)).compiled).toBeGreaterThan(0);
  // A search for "#" starts no comment: the fields after it on the same line all count.
  const fields = Array.from({ length: 14 }, (_, i) => `j${i}: jobs(first: 1, filter: { search: "#" }) { totalCount totalCountIsExact pageInfo { hasNextPage endCursor } }`).join(' ');
  const hashed = `{ ${fields} }`;
  expect(compileWeight(parse(hashed))).toBeGreaterThan(MAX_COMPILED_CHARS);
  expect((await repeat(hashed, () => ({}), token)).compiled).toBe(0);
});

test('the compile gate: too long never; each org within its characters per second, refilled with time', () => {
  const gate = createCompileGate({ maxChars: 100, charsPerSecond: 200, burstChars: 300 });
  expect(gate(101, 'a', 0)).toBe(false);
  expect([gate(100, 'a', 0), gate(100, 'a', 0), gate(100, 'a', 0), gate(100, 'a', 0)]).toEqual([true, true, true, false]);
  // Another org has its own budget; the first org's refills at 200 characters a second.
  expect(gate(100, 'b', 0)).toBe(true);
  expect(gate(100, 'a', 400)).toBe(false);
  expect(gate(100, 'a', 500)).toBe(true);
});

test('bad variables to a compiled document are refused as graphql-js refuses them', async () => {
  const token = await api().token('compiled-variables', ['jobs:read']);
  const query = `query($first: Int, $filter: JobFilter) { jobs(first: $first, filter: $filter) { totalCount } }`;
  // The same operation in other words (more spaces, different each time): never compiled.
  const interpreted = (i: number) => query.replace('{ totalCount }', `{ ${' '.repeat(i + 1)}totalCount }`);
  for (let i = 0; i < COMPILE_AFTER_USES; i++) expect((await api().gql(query, { first: 1 }, token)).errors).toBeUndefined();
  const cases = [{ first: 'many' }, { filter: { status: ['SOMETIMES'] } }, { first: 2 ** 40 }, { filter: { nope: 1 } }];
  for (const [i, variables] of cases.entries()) {
    const before = compiledCounts.runs;
    const compiled = await api().gql(query, variables, token);
    const plain = await api().gql(interpreted(i), variables, token);
    expect(compiled.errors?.length, JSON.stringify(variables)).toBeGreaterThan(0);
    // graphql-js's own errors: the compiled run hands a refused request back to it.
    expect({ data: compiled.data ?? null, errors: compiled.errors }).toEqual({ data: plain.data ?? null, errors: plain.errors });
    expect(compiledCounts.runs - before).toBe(1);
  }
});
