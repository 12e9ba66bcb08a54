/**
 * Validation results are cached per parsed document (src/server/validation-cache.ts): the same
 * operation sent again gets the same answer as the first time, over HTTP and graphql-ws, for valid
 * documents and for ones refused by graphql-js or by the hardening rules (depth).
 */
import { expect, test } from 'vitest';
import { useTestApp } from './helpers.js';

const api = useTestApp({ env: { JOBCENTER_MAX_QUERY_DEPTH: '4' } });

test('the same document sent again is validated the same way', async () => {
  const valid = '{ viewer { orgId } }';
  const unknownField = '{ viewer { orgId nope } }';
  const tooDeep = '{ jobs(first: 1) { edges { node { parent { parent { id } } } } } }';
  for (let i = 0; i < 3; i++) {
    expect((await api().data(valid)).viewer.orgId).toBe('default');
    const unknown = await api().gql(unknownField);
    expect(unknown.errors?.map((e) => e.message)).toEqual(['Cannot query field "nope" on type "Viewer".']);
    const deep = await api().gql(tooDeep);
    expect(deep.data ?? undefined).toBeUndefined();
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);
  }
});

test('a document refused over HTTP is refused the same way over graphql-ws', async () => {
  const unknownField = '{ viewer { orgId nope } }';
  const overHttp = await api().gql(unknownField);
  const client = api().wsClient({ authorization: `Bearer ${api().adminToken}` });
  const overWs = await new Promise<unknown>((resolve) => {
    client.subscribe({ query: unknownField }, { next: () => undefined, error: resolve, complete: () => resolve(undefined) });
  });
  expect((overWs as Array<{ message: string }>).map((e) => e.message)).toEqual(overHttp.errors!.map((e) => e.message));
});
