/**
 * A stop in the middle of a list (the node cap here) must leave nothing unhandled. yoga's executor
 * completes a list's items one after another; when an item throws at once (a null where the schema
 * says non-null, as every field answers after a stop), it gives up the items before it that are still
 * promises, and when those settle as errors nobody handles them. After a stop, fields answer null
 * through a promise, so no item throws at once. The schema is the test's own; the executor is yoga's.
 */
import { createSchema, createYoga } from 'graphql-yoga';
import { expect, test } from 'vitest';
import { useOperationBudget } from '../../src/server/operation-budget.js';

test('a stop in the middle of a list answers the stop and leaves no rejection unhandled', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const schema = createSchema<Record<string, unknown>>({
      typeDefs: 'type Query { items: [Item!]! } type Item { name: String! }',
      resolvers: {
        Query: { items: () => Array.from({ length: 10 }, (_, i) => i) },
        // The first three items answer later (a store read); the others at once.
        Item: { name: (i: number) => (i < 3 ? new Promise((resolve) => setTimeout(() => resolve(`item ${i}`), 5)) : `item ${i}`) },
      },
    });
    // Four fields: the list and three names, so the fourth item's name is one too many.
    const yoga = createYoga({ schema, plugins: [useOperationBudget({ timeoutMs: 10_000, maxNodes: 4 })], logging: false });
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ items { name } }' }),
    });
    const body = (await response.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
    expect(body.data ?? null).toBeNull();
    expect(body.errors.map((error) => error.extensions.code)).toEqual(['RESPONSE_TOO_LARGE']);
    // The first three names settle after the answer.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
