/**
 * The payload form's logic, without the DOM: a task type's input JSON Schema (draft 2020-12, as zod
 * writes it) becomes field descriptions; input text becomes JSON values; and the payload is checked
 * the way the server will check it. Paths are joined like the server joins zod issue paths:
 * `headers.X-Key`, `tags.1`.
 */

type Schema = Record<string, unknown>;
export type Segment = string | number;

export interface Issue {
  path: string;
  message: string;
}

export type FieldKind = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'object' | 'array' | 'map' | 'json';
export type StringInput = 'text' | 'textarea' | 'url' | 'email' | 'datetime-local' | 'date';

export interface FieldSpec {
  /** Property name; '' for a list item or a map value. */
  key: string;
  segments: Segment[];
  /** `segments` joined with '.', as the server names the field in its issues. */
  path: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  /** The schema also allows null (the form never sends null by itself). */
  nullable: boolean;
  description?: string;
  default?: unknown;
  input?: StringInput;
  options?: unknown[];
  min?: number;
  max?: number;
  exclusiveMin?: number;
  exclusiveMax?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  /** Object: its properties. */
  fields?: FieldSpec[];
  /** Array of primitives: what one item is. */
  item?: FieldSpec;
  /** Map (additionalProperties): what one value is. */
  value?: FieldSpec;
  schema: Schema;
}

const SCALAR_KINDS: ReadonlySet<FieldKind> = new Set(['string', 'integer', 'number', 'boolean', 'enum']);
const LONG_TEXT = /\b(text|body|content|prompt|messages?|template|instructions?|markdown|html|script|sql|notes?)\b/i;

export function isScalar(field: FieldSpec): boolean {
  return SCALAR_KINDS.has(field.kind);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

export function joinPath(segments: readonly Segment[]): string {
  return segments.map(String).join('.');
}

/** The fields of an object schema, or null when the payload is not an object with properties. */
export function describeSchema(schema: unknown): FieldSpec[] | null {
  if (!isRecord(schema) || !isRecord(schema.properties)) return null;
  if (Object.keys(schema.properties).length === 0) return [];
  const root = describeField(schema, [], '', true);
  return root.kind === 'object' ? (root.fields ?? []) : null;
}

export function describeField(raw: unknown, segments: Segment[], key: string, required: boolean): FieldSpec {
  const schema: Schema = isRecord(raw) ? raw : {};
  const types = (Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type]).filter((t) => t !== 'null');
  const nullable = Array.isArray(schema.type) && schema.type.includes('null');
  const base: FieldSpec = {
    key,
    segments,
    path: joinPath(segments),
    label: typeof schema.title === 'string' ? schema.title : key,
    kind: 'json',
    required,
    nullable,
    schema,
  };
  if (typeof schema.description === 'string') base.description = schema.description;
  if (schema.default !== undefined) base.default = schema.default;
  if (['$ref', 'anyOf', 'oneOf', 'allOf', 'not', 'if'].some((k) => k in schema)) return base;
  if (Array.isArray(schema.enum)) {
    const options = schema.enum.filter((o) => o !== null);
    return { ...base, kind: 'enum', options, nullable: nullable || options.length < schema.enum.length };
  }
  if ('const' in schema) return { ...base, kind: 'enum', options: [schema.const] };
  if (types.length !== 1) return base;
  const type = types[0];
  if (type === 'string') {
    const field: FieldSpec = { ...base, kind: 'string', input: stringInput(schema, key) };
    if (num(schema.minLength) !== undefined) field.minLength = num(schema.minLength);
    if (num(schema.maxLength) !== undefined) field.maxLength = num(schema.maxLength);
    return field;
  }
  if (type === 'integer' || type === 'number') {
    const field: FieldSpec = { ...base, kind: type };
    if (num(schema.minimum) !== undefined) field.min = num(schema.minimum);
    if (num(schema.maximum) !== undefined) field.max = num(schema.maximum);
    if (num(schema.exclusiveMinimum) !== undefined) field.exclusiveMin = num(schema.exclusiveMinimum);
    if (num(schema.exclusiveMaximum) !== undefined) field.exclusiveMax = num(schema.exclusiveMaximum);
    return field;
  }
  if (type === 'boolean') return { ...base, kind: 'boolean' };
  if (type === 'object') {
    const properties = isRecord(schema.properties) ? schema.properties : undefined;
    if (properties && Object.keys(properties).length > 0) {
      const requiredKeys = new Set(Array.isArray(schema.required) ? schema.required : []);
      const fields = Object.entries(properties).map(([k, s]) => describeField(s, [...segments, k], k, requiredKeys.has(k)));
      return { ...base, kind: 'object', fields };
    }
    if (isRecord(schema.additionalProperties)) {
      const value = describeField(schema.additionalProperties, segments, '', true);
      if (isScalar(value)) return { ...base, kind: 'map', value };
    }
    return base;
  }
  if (type === 'array' && isRecord(schema.items)) {
    const item = describeField(schema.items, segments, '', true);
    if (!isScalar(item)) return base;
    const field: FieldSpec = { ...base, kind: 'array', item };
    if (num(schema.minItems) !== undefined) field.minItems = num(schema.minItems);
    if (num(schema.maxItems) !== undefined) field.maxItems = num(schema.maxItems);
    return field;
  }
  return base;
}

function stringInput(schema: Schema, key: string): StringInput {
  if (schema.format === 'uri') return 'url';
  if (schema.format === 'email') return 'email';
  if (schema.format === 'date-time') return 'datetime-local';
  if (schema.format === 'date') return 'date';
  const max = num(schema.maxLength);
  if (max !== undefined && max >= 500) return 'textarea';
  const description = typeof schema.description === 'string' ? schema.description : '';
  return LONG_TEXT.test(description) || LONG_TEXT.test(key) ? 'textarea' : 'text';
}

// ---- text <-> JSON values ----

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** An ISO instant as a datetime-local input shows it (the browser's zone, seconds). */
export function isoToLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local value (the browser's zone) as the UTC ISO instant the server expects. */
export function localToIso(local: string): string {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/**
 * The JSON value an input's text stands for; undefined for an empty input, so the key is left out
 * and the server's default applies. Text that is not a number stays text: the checks flag it.
 */
export function coerceText(field: FieldSpec, text: string): unknown {
  switch (field.kind) {
    case 'integer':
    case 'number': {
      const trimmed = text.trim();
      if (trimmed === '') return undefined;
      const n = Number(trimmed);
      return Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return text === '' ? undefined : text === 'true' ? true : text === 'false' ? false : text;
    case 'enum': {
      if (text === '') return undefined;
      const index = Number(text);
      return Number.isInteger(index) && field.options && index >= 0 && index < field.options.length ? field.options[index] : text;
    }
    case 'string':
      if (text === '') return undefined;
      return field.input === 'datetime-local' ? localToIso(text) : text;
    default:
      return parseJsonText(text).value;
  }
}

/** The text an input shows for a value (for an enum: the option's index). */
export function toText(field: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'enum') {
    const index = (field.options ?? []).findIndex((o) => sameJson(o, value));
    return index >= 0 ? String(index) : '';
  }
  if (typeof value === 'string') return field.kind === 'string' && field.input === 'datetime-local' ? isoToLocal(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

/** What a checkbox sends: false only when leaving it out would mean something else. */
export function checkboxValue(field: FieldSpec, checked: boolean): boolean | undefined {
  if (checked) return true;
  return field.required || field.default === true ? false : undefined;
}

/** The placeholder of a text-like input: the default, in the input's own terms. */
export function placeholderFor(field: FieldSpec): string | undefined {
  if (field.default === undefined || !isScalar(field) || field.kind === 'boolean') return undefined;
  return toText(field, field.default);
}

export function parseJsonText(text: string): { value?: unknown; error?: string } {
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: `Invalid JSON: ${(error as Error).message}` };
  }
}

/** The whole payload as JSON text: it must be an object. */
export function parsePayloadText(text: string): { value?: Record<string, unknown>; error?: string } {
  const parsed = parseJsonText(text);
  if (parsed.error) return { error: parsed.error };
  if (parsed.value === undefined) return { value: {} };
  if (!isRecord(parsed.value)) return { error: 'The payload must be a JSON object ({ ... })' };
  return { value: parsed.value };
}

/** A new row of a list editor: the item's default, or an empty value the checks will flag. */
export function newItem(item: FieldSpec): unknown {
  if (item.default !== undefined) return copyJson(item.default);
  return item.kind === 'string' ? '' : item.kind === 'boolean' ? false : null;
}

/** A deep copy of a JSON value. Not structuredClone: schemas from the API may be reactive proxies, which it refuses. */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** `obj` with `key` set, or removed when the value is undefined. */
export function withKey(obj: Record<string, unknown> | undefined, key: string, value: unknown): Record<string, unknown> {
  const out = { ...(obj ?? {}) };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

/** An emptied optional object, list or map is left out rather than sent empty. */
export function settle(field: FieldSpec, value: unknown): unknown {
  if (field.required) return value;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (isRecord(value) && Object.keys(value).length === 0 && field.kind !== 'json') return undefined;
  return value;
}

export function valueAt(root: unknown, segments: readonly Segment[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment as string];
  }
  return current;
}

export interface MapRow {
  key: string;
  value: unknown;
}

export function mapToRows(value: unknown): MapRow[] {
  return isRecord(value) ? Object.entries(value).map(([key, v]) => ({ key, value: v })) : [];
}

/** The object the rows make; rows without a key are left out and repeated keys reported by row index. */
export function rowsToMap(rows: readonly MapRow[]): { value: Record<string, unknown>; duplicates: number[] } {
  const value: Record<string, unknown> = {};
  const duplicates: number[] = [];
  rows.forEach((row, index) => {
    if (row.key === '') return;
    if (Object.hasOwn(value, row.key)) duplicates.push(index);
    else if (row.value !== undefined) value[row.key] = row.value;
    else value[row.key] = '';
  });
  return { value, duplicates };
}

/** Fills every missing default (and those of required or present nested objects). */
export function applyDefaults(fields: readonly FieldSpec[], value: Record<string, unknown>): Record<string, unknown> {
  const out = { ...value };
  for (const field of fields) {
    const current = out[field.key];
    if (current === undefined && field.default !== undefined) out[field.key] = copyJson(field.default);
    else if (field.kind === 'object' && field.fields && (isRecord(current) || (current === undefined && field.required))) {
      const nested = applyDefaults(field.fields, isRecord(current) ? current : {});
      if (current !== undefined || Object.keys(nested).length > 0) out[field.key] = nested;
    }
  }
  return out;
}

/** Keys of the value that no field shows (added in JSON): they are kept and sent. */
export function extraKeys(fields: readonly FieldSpec[], value: Record<string, unknown>): string[] {
  const known = new Set(fields.map((f) => f.key));
  return Object.keys(value).filter((k) => !known.has(k));
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 20 });
}

/** The constraints worth saying next to the description: "whole number, 1 to 1,000". */
export function describeConstraints(field: FieldSpec): string | undefined {
  const parts: string[] = [];
  if (field.kind === 'integer' || field.kind === 'number') {
    if (field.kind === 'integer') parts.push('whole number');
    const lo = field.min ?? field.exclusiveMin;
    const hi = field.max ?? field.exclusiveMax;
    if (field.min !== undefined && field.max !== undefined) parts.push(`${formatNumber(field.min)} to ${formatNumber(field.max)}`);
    else {
      if (lo !== undefined) parts.push(`${field.min !== undefined ? 'at least' : 'more than'} ${formatNumber(lo)}`);
      if (hi !== undefined) parts.push(`${field.max !== undefined ? 'at most' : 'less than'} ${formatNumber(hi)}`);
    }
  } else if (field.kind === 'string') {
    if (field.input === 'datetime-local') parts.push('your local time, sent as UTC');
    if (field.minLength !== undefined && field.minLength > 1) parts.push(`at least ${formatNumber(field.minLength)} characters`);
    if (field.maxLength !== undefined) parts.push(`up to ${formatNumber(field.maxLength)} characters`);
  } else if (field.kind === 'array') {
    if (field.minItems !== undefined && field.minItems > 0) parts.push(`at least ${formatNumber(field.minItems)} items`);
    if (field.maxItems !== undefined) parts.push(`up to ${formatNumber(field.maxItems)} items`);
  } else if (field.kind === 'json') {
    parts.push('JSON');
  }
  if (parts.length === 0) return undefined;
  const text = parts.join(', ');
  return text[0]!.toUpperCase() + text.slice(1);
}

export { checkValue } from './schema-form-checks.js';

/** A DOM id for a field: the prefix and the path, with anything unsafe spelled out. */
export function fieldId(prefix: string, segments: readonly Segment[], suffix = ''): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
  return [prefix, ...segments.map((s) => safe(String(s))), ...(suffix ? [suffix] : [])].join('-');
}
