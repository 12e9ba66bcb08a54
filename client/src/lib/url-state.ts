/**
 * Filters kept in the URL's query string, so a filtered view can be reloaded, shared and navigated
 * with back/forward. Pure functions: the pages bind them to the router's search params.
 */

export type FieldKind = 'string' | 'list' | 'boolean' | 'number';
export type FilterSpec = Record<string, FieldKind>;

export type FilterValues<S extends FilterSpec> = {
  [K in keyof S]?: S[K] extends 'list' ? string[] : S[K] extends 'boolean' ? boolean : S[K] extends 'number' ? number : string;
};

type Params = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the filters of `spec` from search params; anything malformed is left out, not guessed. */
export function readFilters<S extends FilterSpec>(params: Params, spec: S): FilterValues<S> {
  const out: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(spec)) {
    const raw = first(params[key]);
    if (raw === undefined || raw === '') continue;
    if (kind === 'list') {
      const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
      if (items.length) out[key] = [...new Set(items)];
    } else if (kind === 'boolean') {
      if (raw === 'true' || raw === 'false') out[key] = raw === 'true';
    } else if (kind === 'number') {
      const n = Number(raw);
      if (Number.isFinite(n)) out[key] = n;
    } else {
      out[key] = raw;
    }
  }
  return out as FilterValues<S>;
}

/**
 * The search params that express `values`: every key of the spec is present, empty ones as undefined
 * so the router removes them from the URL.
 */
export function writeFilters<S extends FilterSpec>(values: FilterValues<S>, spec: S): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, kind] of Object.entries(spec)) {
    const value = (values as Record<string, unknown>)[key];
    if (value === undefined || value === null || value === '') out[key] = undefined;
    else if (kind === 'list') out[key] = (value as string[]).length ? (value as string[]).join(',') : undefined;
    else out[key] = String(value);
  }
  return out;
}
