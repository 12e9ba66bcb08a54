/**
 * The payload form's checks, mirroring the server's (zod's) so a mistake shows before submitting:
 * type, required, enum, bounds, lengths, formats, unknown fields. Paths as the server joins them.
 */
import { formatNumber, isRecord, joinPath, num, sameJson, type Issue, type Segment } from './schema-form.js';

type Schema = Record<string, unknown>;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function formatProblem(format: unknown, value: string): string | undefined {
  if (format === 'uri') {
    try {
      new URL(value);
      return undefined;
    } catch {
      return 'Must be a URL, like https://example.com/path';
    }
  }
  if (format === 'email') return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : 'Must be an email address';
  if (format === 'date-time') {
    const ok = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value));
    return ok ? undefined : 'Must be a date and time in ISO 8601, like 2024-05-01T12:00:00Z';
  }
  if (format === 'date') return /^\d{4}-\d\d-\d\d$/.test(value) ? undefined : 'Must be a date, like 2024-05-01';
  return undefined;
}

const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * Problems of `value` against `schema`, one per path at most, with the paths the server uses.
 * A value that is undefined is only a problem when its parent requires it.
 */
export function checkValue(schema: unknown, value: unknown, segments: Segment[] = []): Issue[] {
  const issues: Issue[] = [];
  check(isRecord(schema) ? schema : {}, value, segments, issues);
  return issues;
}

function check(schema: Schema, value: unknown, segments: Segment[], issues: Issue[]): void {
  const at = (message: string) => issues.push({ path: joinPath(segments), message });
  if (value === undefined) return;
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    const branches = (schema.anyOf ?? schema.oneOf) as unknown[];
    if (!branches.some((b) => checkValue(b, value).length === 0)) at('Does not match any of the allowed forms');
    return;
  }
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) check(isRecord(part) ? part : {}, value, segments, issues);
  if (Array.isArray(schema.enum)) {
    if (!schema.enum.some((o) => sameJson(o, value))) at(`Must be one of: ${schema.enum.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join(', ')}`);
    return;
  }
  if ('const' in schema && !sameJson(schema.const, value)) return void at(`Must be ${JSON.stringify(schema.const)}`);
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.length > 0 && !types.some((t) => hasType(value, t))) {
    const integerOnly = types.includes('integer') && typeof value === 'number';
    return void at(integerOnly ? 'Must be a whole number' : `Must be ${types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ')}`);
  }
  if (typeof value === 'number') {
    const min = num(schema.minimum);
    const max = num(schema.maximum);
    const xmin = num(schema.exclusiveMinimum);
    const xmax = num(schema.exclusiveMaximum);
    if (min !== undefined && value < min) return void at(`Must be at least ${formatNumber(min)}`);
    if (xmin !== undefined && value <= xmin) return void at(`Must be more than ${formatNumber(xmin)}`);
    if (max !== undefined && value > max) return void at(`Must be at most ${formatNumber(max)}`);
    if (xmax !== undefined && value >= xmax) return void at(`Must be less than ${formatNumber(xmax)}`);
  } else if (typeof value === 'string') {
    const minLength = num(schema.minLength);
    const maxLength = num(schema.maxLength);
    if (minLength !== undefined && value.length < minLength) return void at(minLength === 1 ? 'Must not be empty' : `Must be at least ${plural(minLength, 'character')}`);
    if (maxLength !== undefined && value.length > maxLength) return void at(`Must be at most ${plural(maxLength, 'character')}`);
    const formatIssue = formatProblem(schema.format, value);
    if (formatIssue) return void at(formatIssue);
    if (typeof schema.pattern === 'string' && schema.format === undefined) {
      let pattern: RegExp | undefined;
      try {
        pattern = new RegExp(schema.pattern);
      } catch {
        pattern = undefined;
      }
      if (pattern && !pattern.test(value)) return void at(`Must match the pattern ${schema.pattern}`);
    }
  } else if (Array.isArray(value)) {
    const minItems = num(schema.minItems);
    const maxItems = num(schema.maxItems);
    if (minItems !== undefined && value.length < minItems) at(`Must have at least ${plural(minItems, 'item')}`);
    else if (maxItems !== undefined && value.length > maxItems) at(`Must have at most ${plural(maxItems, 'item')}`);
    if (isRecord(schema.items)) {
      value.forEach((item, index) => {
        if (item === undefined || item === null) {
          if (!hasType(null, (schema.items as Schema).type)) issues.push({ path: joinPath([...segments, index]), message: 'Required' });
        } else check(schema.items as Schema, item, [...segments, index], issues);
      });
    }
  } else if (isRecord(value)) {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required : [];
    // In the schema's order, as the server reports them.
    for (const [key, property] of Object.entries(properties)) {
      if (value[key] === undefined) {
        if (required.includes(key)) issues.push({ path: joinPath([...segments, key]), message: 'Required' });
      } else check(isRecord(property) ? property : {}, value[key], [...segments, key], issues);
    }
    for (const [key, v] of Object.entries(value)) {
      if (key in properties) continue;
      if (isRecord(schema.additionalProperties)) check(schema.additionalProperties, v, [...segments, key], issues);
      else if (schema.additionalProperties === false) at(`Unknown field "${key}"`);
    }
  }
}

