/**
 * The payload form's logic (client/src/lib/schema-form.ts) against the schemas the real plugins
 * publish, and against the issues the server reports for the same payloads.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  applyDefaults,
  checkboxValue,
  checkValue,
  coerceText,
  describeConstraints,
  describeField,
  describeSchema,
  extraKeys,
  fieldId,
  isoToLocal,
  localToIso,
  newItem,
  parsePayloadText,
  placeholderFor,
  rowsToMap,
  mapToRows,
  settle,
  toText,
  valueAt,
  withKey,
  type FieldSpec,
} from '../../client/src/lib/schema-form.js';
import { httpRequestTask } from '../../plugins/http-request/index.js';
import { sleepTask } from '../../plugins/sleep/index.js';
import { summarizeTask } from '../../plugins/summarize/index.js';
import { zodIssues } from '../../src/tasks/registry.js';

// Exactly what the registry publishes as TaskType.inputSchema.
const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
const serverPaths = (schema: z.ZodType, payload: unknown) => {
  const parsed = schema.safeParse(payload);
  return parsed.success ? [] : zodIssues(parsed.error).map((i) => i.path);
};
const byKey = (fields: FieldSpec[] | null, key: string) => {
  const field = fields?.find((f) => f.key === key);
  if (!field) throw new Error(`no field ${key}`);
  return field;
};

const extra = z.object({
  tags: z.array(z.string().min(2)).max(3).optional(),
  counts: z.array(z.number().int()).optional(),
  limits: z.object({ rps: z.number().min(1).default(5), burst: z.number().int().optional() }),
  options: z.object({ verbose: z.boolean().default(true) }).optional(),
  when: z.iso.datetime().optional(),
  contact: z.email().optional(),
  either: z.union([z.string(), z.number()]).optional(),
  rows: z.array(z.object({ a: z.string() })).optional(),
  nothing: z.string().nullable().optional(),
  ratio: z.number().gt(0).lt(1).optional(),
});
const extraSchema = jsonSchema(extra);

describe('describeSchema', () => {
  test('lays out the http-request schema: url input, enum select with default, header map, long body, bounded integer', () => {
    const fields = describeSchema(jsonSchema(httpRequestTask.input));
    expect(fields?.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['url', 'string', true],
      ['method', 'enum', false],
      ['headers', 'map', false],
      ['body', 'string', false],
      ['timeoutMs', 'integer', false],
    ]);
    expect(byKey(fields, 'url').input).toBe('url');
    expect(byKey(fields, 'url').description).toBe('An http or https URL');
    expect(byKey(fields, 'method').options).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
    expect(byKey(fields, 'method').default).toBe('GET');
    expect(byKey(fields, 'headers').value?.kind).toBe('string');
    expect(byKey(fields, 'body').input).toBe('textarea');
    expect(byKey(fields, 'timeoutMs')).toMatchObject({ min: 1, max: 300_000, default: 30_000 });
  });

  test('sleep: integers, a checkbox, only ms required; summarize: text is a textarea, model a plain input', () => {
    const sleep = describeSchema(jsonSchema(sleepTask.input));
    expect(sleep?.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['ms', 'integer', true],
      ['steps', 'integer', false],
      ['failTimes', 'integer', false],
      ['fatal', 'boolean', false],
    ]);
    const summarize = describeSchema(jsonSchema(summarizeTask.input));
    expect(byKey(summarize, 'text').input).toBe('textarea');
    expect(byKey(summarize, 'model').input).toBe('text');
    expect(byKey(summarize, 'model').minLength).toBe(1);
  });

  test('nested objects, lists of primitives, formats; what it cannot lay out becomes JSON', () => {
    const fields = describeSchema(extraSchema);
    const limits = byKey(fields, 'limits');
    expect(limits.kind).toBe('object');
    expect(limits.fields?.map((f) => [f.path, f.required])).toEqual([['limits.rps', false], ['limits.burst', false]]);
    expect(byKey(fields, 'tags')).toMatchObject({ kind: 'array', maxItems: 3, item: { kind: 'string', minLength: 2 } });
    expect(byKey(fields, 'counts').item?.kind).toBe('integer');
    expect(byKey(fields, 'when').input).toBe('datetime-local');
    expect(byKey(fields, 'contact').input).toBe('email');
    expect(byKey(fields, 'either').kind).toBe('json');
    expect(byKey(fields, 'rows').kind).toBe('json');
    expect(byKey(fields, 'nothing')).toMatchObject({ kind: 'string', nullable: true });
    expect(describeField({ $ref: '#/$defs/Node' }, ['x'], 'x', false).kind).toBe('json');
    expect(describeField({}, ['x'], 'x', false).kind).toBe('json');
  });

  test('a payload that is not an object with properties has no fields (JSON only); an empty object has none to show', () => {
    expect(describeSchema({ type: 'object', additionalProperties: { type: 'string' } })).toBeNull();
    expect(describeSchema(jsonSchema(z.string()))).toBeNull();
    expect(describeSchema(jsonSchema(z.object({})))).toEqual([]);
    expect(describeSchema(null)).toBeNull();
  });

  test('hints state the constraints', () => {
    const fields = describeSchema(jsonSchema(sleepTask.input));
    expect(describeConstraints(byKey(fields, 'ms'))).toBe('Whole number, 0 to 3,600,000');
    expect(describeConstraints(byKey(describeSchema(extraSchema), 'ratio'))).toBe('More than 0, less than 1');
    expect(describeConstraints(byKey(describeSchema(extraSchema), 'tags'))).toBe('Up to 3 items');
  });
});

describe('coercion of input text', () => {
  const fields = describeSchema(jsonSchema(sleepTask.input));
  const ms = byKey(fields, 'ms');
  const http = describeSchema(jsonSchema(httpRequestTask.input));

  test('numbers: "12" is 12, blank is left out, unparsable text stays text, "1.5" stays 1.5 for the check to flag', () => {
    expect(coerceText(ms, '12')).toBe(12);
    expect(coerceText(ms, ' 12 ')).toBe(12);
    expect(coerceText(ms, '')).toBeUndefined();
    expect(coerceText(ms, '   ')).toBeUndefined();
    expect(coerceText(ms, 'abc')).toBe('abc');
    expect(coerceText(ms, '1.5')).toBe(1.5);
    expect(checkValue(jsonSchema(sleepTask.input), { ms: 1.5 })).toEqual([{ path: 'ms', message: 'Must be a whole number' }]);
    expect(checkValue(jsonSchema(sleepTask.input), { ms: 'abc' })).toEqual([{ path: 'ms', message: 'Must be a whole number' }]);
  });

  test('strings: empty is left out, anything else is kept as typed', () => {
    const url = byKey(http, 'url');
    expect(coerceText(url, '')).toBeUndefined();
    expect(coerceText(url, ' https://x ')).toBe(' https://x ');
  });

  test('enums select by option index, both ways', () => {
    const method = byKey(http, 'method');
    expect(coerceText(method, '1')).toBe('POST');
    expect(coerceText(method, '')).toBeUndefined();
    expect(toText(method, 'DELETE')).toBe('4');
    expect(toText(method, 'BREW')).toBe('');
    expect(toText(method, undefined)).toBe('');
  });

  test('checkboxes send false only when leaving it out would not mean false', () => {
    const fatal = byKey(fields, 'fatal');
    expect(checkboxValue(fatal, true)).toBe(true);
    expect(checkboxValue(fatal, false)).toBeUndefined();
    const verbose = byKey(byKey(describeSchema(extraSchema), 'options').fields ?? null, 'verbose');
    expect(checkboxValue(verbose, false)).toBe(false);
    expect(checkboxValue({ ...fatal, default: undefined, required: true }, false)).toBe(false);
  });

  test('date-time: local input text becomes a UTC instant and back', () => {
    const when = byKey(describeSchema(extraSchema), 'when');
    const iso = coerceText(when, '2024-05-01T12:30:15') as string;
    expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(new Date(iso).getTime()).toBe(new Date(2024, 4, 1, 12, 30, 15).getTime());
    expect(toText(when, iso)).toBe('2024-05-01T12:30:15');
    expect(isoToLocal(localToIso('2030-12-31T23:59:00'))).toBe('2030-12-31T23:59:00');
    expect(extra.safeParse({ limits: {}, when: iso }).success).toBe(true);
  });

  test('defaults become placeholders in the input’s own terms', () => {
    expect(placeholderFor(byKey(fields, 'steps'))).toBe('10');
    expect(placeholderFor(ms)).toBeUndefined();
    expect(placeholderFor(byKey(fields, 'fatal'))).toBeUndefined();
  });

  test('JSON text: parse errors are reported, the payload must be an object', () => {
    expect(parsePayloadText('{"ms": 5}')).toEqual({ value: { ms: 5 } });
    expect(parsePayloadText('')).toEqual({ value: {} });
    expect(parsePayloadText('{"ms": ').error).toMatch(/^Invalid JSON/);
    expect(parsePayloadText('[1]').error).toMatch(/must be a JSON object/);
    const rows = byKey(describeSchema(extraSchema), 'rows');
    expect(coerceText(rows, '[{"a":"x"}]')).toEqual([{ a: 'x' }]);
    expect(coerceText(rows, '')).toBeUndefined();
  });
});

describe('building the value', () => {
  test('empty optional inputs are left out, not sent as "" or null', () => {
    expect(withKey({ ms: 5, steps: 3 }, 'steps', undefined)).toEqual({ ms: 5 });
    expect(withKey(undefined, 'ms', 0)).toEqual({ ms: 0 });
    const fields = describeSchema(extraSchema);
    expect(settle(byKey(fields, 'tags'), [])).toBeUndefined();
    expect(settle(byKey(fields, 'options'), {})).toBeUndefined();
    expect(settle(byKey(fields, 'limits'), {})).toEqual({});
    expect(settle(byKey(describeSchema(jsonSchema(httpRequestTask.input)), 'headers'), {})).toBeUndefined();
  });

  test('"Use defaults" fills missing defaults only, including those of required nested objects', () => {
    const sleep = describeSchema(jsonSchema(sleepTask.input))!;
    expect(applyDefaults(sleep, { ms: 100, steps: 2 })).toEqual({ ms: 100, steps: 2, failTimes: 0, fatal: false });
    const fields = describeSchema(extraSchema)!;
    expect(applyDefaults(fields, {})).toEqual({ limits: { rps: 5 } });
    expect(applyDefaults(fields, { options: {} })).toEqual({ limits: { rps: 5 }, options: { verbose: true } });
    const http = describeSchema(jsonSchema(httpRequestTask.input))!;
    expect(applyDefaults(http, { url: 'https://a' })).toEqual({ url: 'https://a', method: 'GET', headers: {}, timeoutMs: 30_000 });
  });

  test('map rows: keyless rows are left out, a repeated key is reported and not sent twice', () => {
    const { value, duplicates } = rowsToMap([
      { key: 'X-Key', value: 'a' },
      { key: '', value: 'lost' },
      { key: 'X-Key', value: 'b' },
      { key: 'Accept', value: undefined },
    ]);
    expect(value).toEqual({ 'X-Key': 'a', Accept: '' });
    expect(duplicates).toEqual([2]);
    expect(mapToRows({ a: '1', b: '2' })).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
  });

  test('new list rows: the item default, else an empty value the checks flag', () => {
    const fields = describeSchema(extraSchema);
    expect(newItem(byKey(fields, 'tags').item!)).toBe('');
    expect(newItem(byKey(fields, 'counts').item!)).toBeNull();
    expect(checkValue(extraSchema, { limits: {}, counts: [1, null] })).toEqual([{ path: 'counts.1', message: 'Required' }]);
  });

  test('keys added as JSON are kept and listed', () => {
    expect(extraKeys(describeSchema(jsonSchema(sleepTask.input))!, { ms: 1, note: 'x' })).toEqual(['note']);
  });
});

describe('checks mirror the server', () => {
  const sleep = jsonSchema(sleepTask.input);
  const http = jsonSchema(httpRequestTask.input);
  const summarize = jsonSchema(summarizeTask.input);

  test('required fields are flagged at the path the server uses', () => {
    expect(checkValue(sleep, {})).toEqual([{ path: 'ms', message: 'Required' }]);
    expect(serverPaths(sleepTask.input, {})).toEqual(['ms']);
    expect(checkValue(sleep, { ms: 10 })).toEqual([]);
  });

  test('min/max, enum, minLength/maxLength, type', () => {
    expect(checkValue(sleep, { ms: -1 })).toEqual([{ path: 'ms', message: 'Must be at least 0' }]);
    expect(checkValue(sleep, { ms: 3_600_001 })).toEqual([{ path: 'ms', message: 'Must be at most 3,600,000' }]);
    expect(checkValue(sleep, { ms: 1, fatal: 'yes' })).toEqual([{ path: 'fatal', message: 'Must be true or false' }]);
    expect(checkValue(http, { url: 'https://a', method: 'BREW' })).toEqual([
      { path: 'method', message: 'Must be one of: GET, POST, PUT, PATCH, DELETE, HEAD' },
    ]);
    expect(checkValue(summarize, { text: '' })).toEqual([{ path: 'text', message: 'Must not be empty' }]);
    expect(checkValue(summarize, { text: 'x'.repeat(200_001) })).toEqual([{ path: 'text', message: 'Must be at most 200,000 characters' }]);
    expect(checkValue(jsonSchema(extra), { limits: {}, ratio: 1 })).toEqual([{ path: 'ratio', message: 'Must be less than 1' }]);
  });

  test('formats: url, email, date-time', () => {
    expect(checkValue(http, { url: 'not a url' })).toEqual([{ path: 'url', message: 'Must be a URL, like https://example.com/path' }]);
    expect(checkValue(extraSchema, { limits: {}, contact: 'nobody' })[0]?.path).toBe('contact');
    expect(checkValue(extraSchema, { limits: {}, contact: 'a@b.io' })).toEqual([]);
    expect(checkValue(extraSchema, { limits: {}, when: 'tomorrow' })[0]?.path).toBe('when');
    expect(checkValue(extraSchema, { limits: {}, when: '2024-05-01T12:00:00Z' })).toEqual([]);
  });

  test('nested, map and list item paths are the server’s: limits.rps, headers.X-Key, tags.1', () => {
    const payload = { limits: { rps: 0 }, tags: ['ok', 'x'] };
    const client = checkValue(extraSchema, payload).map((i) => i.path);
    expect(client).toEqual(['tags.1', 'limits.rps']);
    expect(client).toEqual(serverPaths(extra, payload));

    const headers = { url: 'https://a', headers: { 'X-Key': 5 } };
    expect(checkValue(http, headers)).toEqual([{ path: 'headers.X-Key', message: 'Must be text' }]);
    expect(serverPaths(httpRequestTask.input, headers)).toEqual(['headers.X-Key']);
  });

  test('every problem the server finds in a bad payload, the form finds at the same path', () => {
    const payload = { url: 'x', method: 'BREW', headers: { A: 1 }, timeoutMs: 0.5 };
    expect(checkValue(http, payload).map((i) => i.path).sort()).toEqual(serverPaths(httpRequestTask.input, payload).sort());
    const bad = { ms: 1.5, steps: 0, failTimes: 101, fatal: 1 };
    expect(checkValue(sleep, bad).map((i) => i.path).sort()).toEqual(serverPaths(sleepTask.input, bad).sort());
  });

  test('list size, unions and null', () => {
    expect(checkValue(extraSchema, { limits: {}, tags: ['aa', 'bb', 'cc', 'dd'] })).toEqual([{ path: 'tags', message: 'Must have at most 3 items' }]);
    expect(checkValue(extraSchema, { limits: {}, either: 3 })).toEqual([]);
    expect(checkValue(extraSchema, { limits: {}, either: true })).toEqual([{ path: 'either', message: 'Must be text or a number' }]);
    const anyOf = { type: 'object', properties: { x: { anyOf: [{ type: 'string', minLength: 3 }, { type: 'integer' }] } } };
    expect(checkValue(anyOf, { x: 'abcd' })).toEqual([]);
    expect(checkValue(anyOf, { x: 'ab' })).toEqual([{ path: 'x', message: 'Does not match any of the allowed forms' }]);
    expect(checkValue(extraSchema, { limits: {}, nothing: null })).toEqual([]);
    expect(checkValue(extraSchema, { limits: {}, rows: [{}] })).toEqual([{ path: 'rows.0.a', message: 'Required' }]);
    expect(checkValue(jsonSchema(z.strictObject({ a: z.string() })), { a: 'x', b: 1 })).toEqual([{ path: '', message: 'Unknown field "b"' }]);
  });
});

describe('paths and ids', () => {
  test('valueAt follows path segments, including keys with dots', () => {
    expect(valueAt({ headers: { 'a.b': 'x' } }, ['headers', 'a.b'])).toBe('x');
    expect(valueAt({ tags: ['a', 'b'] }, ['tags', 1])).toBe('b');
    expect(valueAt({ ms: 1 }, ['ms', 'x'])).toBeUndefined();
  });

  test('ids are valid and distinct for distinct paths', () => {
    const ids = [fieldId('p', ['a.b']), fieldId('p', ['a', 'b']), fieldId('p', ['a_b']), fieldId('p', ['headers', 'X Key'])];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

test('defaults are copied from a schema behind a proxy (as reactive API data is), and copies are independent', async () => {
  const { applyDefaults, describeSchema } = await import('../../client/src/lib/schema-form.js');
  const raw = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, default: new Proxy(['a'], {}) } } };
  const proxied = new Proxy(raw, {});
  const fields = describeSchema(proxied)!;
  const filled = applyDefaults(fields, {});
  expect(filled).toEqual({ tags: ['a'] });
  (filled.tags as string[]).push('b');
  expect(applyDefaults(describeSchema(proxied)!, {})).toEqual({ tags: ['a'] });
});
