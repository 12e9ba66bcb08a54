/** Filters in the query string (client/src/lib/url-state.ts): round trips, malformed input, empty values. */
import { describe, expect, test } from 'vitest';
import { readFilters, writeFilters, type FilterSpec, type FilterValues } from '../../client/src/lib/url-state.js';

const spec = { q: 'string', status: 'list', mine: 'boolean', limit: 'number' } satisfies FilterSpec;

/** What the router does with written params: undefined removes the key. */
function toParams(written: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(written).filter((e): e is [string, string] => e[1] !== undefined));
}

describe('readFilters / writeFilters', () => {
  test('every kind survives a round trip', () => {
    const values: FilterValues<typeof spec> = { q: 'hello world', status: ['FAILED', 'RUNNING'], mine: false, limit: 25 };
    const params = toParams(writeFilters(values, spec));
    expect(params).toEqual({ q: 'hello world', status: 'FAILED,RUNNING', mine: 'false', limit: '25' });
    expect(readFilters(params, spec)).toEqual(values);
  });

  test('empty values are written as undefined, so the router removes them', () => {
    const written = writeFilters({ q: '', status: [] }, spec);
    expect(written).toEqual({ q: undefined, status: undefined, mine: undefined, limit: undefined });
    expect(Object.keys(written).sort()).toEqual(['limit', 'mine', 'q', 'status']);
    expect(readFilters(toParams(written), spec)).toEqual({});
  });

  test('malformed values are left out, not guessed', () => {
    expect(readFilters({ mine: 'yes', limit: 'ten', q: '' }, spec)).toEqual({});
    expect(readFilters({ limit: 'Infinity' }, spec)).toEqual({});
    expect(readFilters({ status: ' , ,' }, spec)).toEqual({});
  });

  test('lists are trimmed and deduplicated; repeated params use the first', () => {
    expect(readFilters({ status: ' FAILED, RUNNING ,FAILED,' }, spec)).toEqual({ status: ['FAILED', 'RUNNING'] });
    expect(readFilters({ q: ['first', 'second'] }, spec)).toEqual({ q: 'first' });
  });

  test('zero and false are values, not empties', () => {
    const params = toParams(writeFilters({ limit: 0, mine: false }, spec));
    expect(params).toEqual({ limit: '0', mine: 'false' });
    expect(readFilters(params, spec)).toEqual({ limit: 0, mine: false });
  });

  test('keys outside the spec are ignored', () => {
    expect(readFilters({ other: 'x', q: 'a' }, spec)).toEqual({ q: 'a' });
  });
});
