/**
 * The price table: shipped prices, overridden by the prices file (JOBCENTER_LLM_PRICES), overridden
 * per org by prices set through the API (kept in versions). The gateway asks it for a call's price
 * when the call is queued; the call keeps that price, so a later change never rewrites its cost.
 */
import type { Actor } from '../domain/actor.js';
import { ValidationError } from '../domain/errors.js';
import { priceIssues, type ModelPrice, type PriceRates, type PriceTier } from '../domain/prices.js';
import type { Store } from '../store/port.js';
import { writeAudit } from './audit-writer.js';
import { SHIPPED_PRICES } from './shipped-prices.js';

/** What `setModelPrice` takes. */
export type ModelPriceInput = PriceRates & { key: string; tiers?: PriceTier[] };

/**
 * The rows of a prices file: a JSON list (or `{ "prices": [...] }`) of prices. Problems name the row
 * (from 0, with its key) and the field.
 */
export function parsePriceRows(raw: unknown): { prices: ModelPrice[]; issues: string[] } {
  const rows = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && Array.isArray((raw as { prices?: unknown }).prices) ? (raw as { prices: unknown[] }).prices : undefined;
  if (!rows) return { prices: [], issues: ['must be a JSON list of prices, or { "prices": [...] }'] };
  const issues: string[] = [];
  const prices: ModelPrice[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const name = `row ${i}${row && typeof row === 'object' && typeof (row as { key?: unknown }).key === 'string' ? ` (${(row as { key: string }).key})` : ''}`;
    if (!row || typeof row !== 'object' || Array.isArray(row)) return void issues.push(`${name}: must be an object`);
    const r = row as Record<string, unknown>;
    const known = new Set(['key', 'inputPerMTok', 'cachedInputPerMTok', 'outputPerMTok', 'reasoningPerMTok', 'tiers', 'source']);
    for (const field of Object.keys(r)) if (!known.has(field)) issues.push(`${name}: ${field}: is not a price field`);
    const found = priceIssues(r as Partial<ModelPrice>);
    if (r.source !== undefined && typeof r.source !== 'string') found.push({ path: 'source', message: 'must be a string' });
    for (const issue of found) issues.push(`${name}: ${issue.path}: ${issue.message}`);
    if (typeof r.key === 'string') {
      if (seen.has(r.key)) issues.push(`${name}: key: "${r.key}" is priced twice`);
      seen.add(r.key);
    }
    if (found.length === 0) prices.push(priceOf(r as unknown as ModelPriceInput & { source?: string }, 0, (r.source as string | undefined) ?? 'prices file'));
  });
  return { prices: issues.length ? [] : prices, issues };
}

function priceOf(input: ModelPriceInput, effectiveFrom: number, source: string): ModelPrice {
  const price: ModelPrice = { key: input.key, inputPerMTok: input.inputPerMTok, outputPerMTok: input.outputPerMTok, effectiveFrom, source };
  if (input.cachedInputPerMTok != null) price.cachedInputPerMTok = input.cachedInputPerMTok;
  if (input.reasoningPerMTok != null) price.reasoningPerMTok = input.reasoningPerMTok;
  if (input.tiers?.length) {
    price.tiers = input.tiers.map((t) => {
      const tier: PriceTier = { aboveInputTokens: t.aboveInputTokens, inputPerMTok: t.inputPerMTok, outputPerMTok: t.outputPerMTok };
      if (t.cachedInputPerMTok != null) tier.cachedInputPerMTok = t.cachedInputPerMTok;
      if (t.reasoningPerMTok != null) tier.reasoningPerMTok = t.reasoningPerMTok;
      return tier;
    });
  }
  return price;
}

export class PriceService {
  readonly #base: Map<string, ModelPrice>;

  /** `fileRows` (the prices file) replace shipped rows of the same key. */
  constructor(
    private readonly store: Store,
    fileRows: readonly ModelPrice[] = [],
  ) {
    this.#base = new Map([...SHIPPED_PRICES, ...fileRows].map((p) => [p.key, p]));
  }

  /** The org's current price of every priced model, by key. */
  async list(actor: Actor): Promise<ModelPrice[]> {
    const table = new Map(this.#base);
    for (const p of await this.store.prices.latest(actor.orgId)) table.set(p.key, p);
    return [...table.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** The price a call of the org to provider:model is charged now; undefined: unpriced. */
  async priceFor(orgId: string, key: string): Promise<ModelPrice | undefined> {
    return (await this.store.prices.latestOf(orgId, key)) ?? this.#base.get(key);
  }

  /** A new version of a price for the org, in effect from now (audited). */
  async set(actor: Actor, input: ModelPriceInput, now = Date.now()): Promise<ModelPrice> {
    const issues = priceIssues(input);
    if (issues.length) throw new ValidationError(issues.map((i) => ({ path: `input.${i.path}`, message: i.message })));
    const previous = await this.priceFor(actor.orgId, input.key);
    // A version never starts before the one it replaces (a clock step back would hide it).
    const effectiveFrom = Math.max(now, previous ? previous.effectiveFrom : 0);
    const price = priceOf(input, effectiveFrom, `set through the API by ${actor.userId} at ${new Date(effectiveFrom).toISOString()}`);
    await this.store.prices.insert(actor.orgId, price);
    await writeAudit(this.store, actor, 'price.set', { type: 'modelPrice', id: price.key }, { before: previous ?? null, after: price });
    return price;
  }
}
