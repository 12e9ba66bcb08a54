/**
 * The operation cost (src/schema/cost.ts) over the real schema: variables and defaults count, and
 * what the console and GraphiQL send fits under the default limit.
 */
import { Kind, getIntrospectionQuery, parse, type DocumentNode } from 'graphql';
import { expect, test } from 'vitest';
import * as documents from '../client/src/gql/graphql.js';
import { loadConfig } from '../src/config.js';
import { operationCost } from '../src/schema/cost.js';
import { schema } from '../src/schema/index.js';

const DEFAULT_MAX_COST = loadConfig({}, {}, 'serve').limits.maxCost;
const cost = (query: string | DocumentNode, variables: Record<string, unknown> = {}) =>
  operationCost(schema, typeof query === 'string' ? parse(query) : query, undefined, variables);

test('first counts the same written literally, sent as a variable, or taken from a variable default', () => {
  const literal = cost('{ jobs(first: 100) { edges { node { id } } } }');
  expect(cost('query($n: Int) { jobs(first: $n) { edges { node { id } } } }', { n: 100 })).toBe(literal);
  expect(cost('query($n: Int = 100) { jobs(first: $n) { edges { node { id } } } }')).toBe(literal);
  // Beside variables of other types (handed on as given, not coerced for the count).
  const withFilter = 'query($f: JobFilter!, $n: Int!) { jobs(filter: $f, first: $n) { edges { node { id } } } }';
  expect(cost(withFilter, { f: { status: ['SUCCEEDED'], type: ['sleep'] }, n: 100 })).toBe(literal);
  // A bad Int is no count: the execution refuses the variables.
  expect(cost(withFilter, { f: {}, n: 'many' })).toBeUndefined();
  // Over the page cap: counted as the cap (the field itself refuses it, naming first).
  expect(cost('query($n: Int) { jobs(first: $n) { edges { node { id } } } }', { n: 100_000 })).toBe(literal);
  // No first: the server's default page of 20.
  expect(cost('{ jobs { edges { node { id } } } }')).toBe(cost('{ jobs(first: 20) { edges { node { id } } } }'));
  // Nested connections multiply.
  expect(cost('{ jobs(first: 10) { edges { node { children(first: 10) { edges { node { id } } } } } } }')).toBeGreaterThan(
    10 * cost('{ jobs(first: 10) { edges { node { id } } } }')!,
  );
});

test('fragments count once per spread, in linear time', () => {
  const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Job { id ${i < 39 ? `...F${i + 1} ...F${i + 1}` : ''} }`);
  const result = cost(`{ jobs(first: 1) { edges { node { ...F0 } } } } ${fragments.join(' ')}`);
  expect(result).toBeGreaterThan(DEFAULT_MAX_COST);
});

const SAMPLES: Record<string, unknown> = { ID: 'x', String: 'x', Int: 1, Float: 1, Boolean: true, DateTime: '2026-01-01T00:00:00Z', JSON: {} };

/** Variables for a console document: its page size for `first`, a sample for each other required one. */
function sampleVariables(document: DocumentNode): Record<string, unknown> | undefined {
  const variables: Record<string, unknown> = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of definition.variableDefinitions ?? []) {
      const name = v.variable.name.value;
      if (name === 'first') variables.first = 50;
      else if (v.type.kind === Kind.NON_NULL_TYPE) {
        if (v.type.type.kind !== Kind.NAMED_TYPE || !(v.type.type.name.value in SAMPLES)) return undefined;
        variables[name] = SAMPLES[v.type.type.name.value];
      }
    }
  }
  return variables;
}

test("the console's documents at its page size and GraphiQL's introspection fit under the default limit", () => {
  let checked = 0;
  for (const [name, value] of Object.entries(documents)) {
    if (!name.endsWith('Document')) continue;
    const document = value as DocumentNode;
    const variables = sampleVariables(document);
    if (!variables) continue; // an input object it needs: such documents are mutations
    expect({ name, cost: cost(document, variables) }).toEqual({ name, cost: expect.any(Number) });
    expect(cost(document, variables), name).toBeLessThanOrEqual(DEFAULT_MAX_COST);
    checked++;
  }
  expect(checked).toBeGreaterThan(20);
  expect(cost(getIntrospectionQuery({ inputValueDeprecation: true }))).toBeLessThanOrEqual(DEFAULT_MAX_COST);
  // Two copies do not.
  const twice = getIntrospectionQuery().replace(/__schema/, 'a: __schema').replace(/(query IntrospectionQuery \{)/, '$1 b: __schema { types { ...FullType } }');
  expect(cost(twice)).toBeGreaterThan(DEFAULT_MAX_COST);
});
