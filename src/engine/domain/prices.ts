/**
 * What a model costs. Money is counted in integer micro-dollars (1 USD = 1,000,000) everywhere it is
 * stored or summed, so sums never drift; the API shows dollars (micros / 1e6) at the edge.
 *
 * A price is per `provider:model`, in dollars per million tokens: input, cached input (prompt tokens
 * the provider served from its cache, part of the input), output, and reasoning (output tokens a
 * provider reports as reasoning, part of the output) where it differs. Tiers change every rate of a
 * call whose prompt is above a size (as Gemini's long-context prices do): the highest tier whose
 * `aboveInputTokens` the prompt exceeds applies to the whole call.
 *
 * Prices are versioned by `effectiveFrom`; a call stores the price it was charged at, so a later
 * change never rewrites its cost. A model without a price is unpriced (cost undefined), never free.
 */
import type { TokenUsage } from './llm-call.js';

export interface PriceRates {
  inputPerMTok: number;
  /** Absent: cached input costs the input rate. */
  cachedInputPerMTok?: number;
  outputPerMTok: number;
  /** Absent: reasoning tokens cost the output rate. */
  reasoningPerMTok?: number;
}

export interface PriceTier extends PriceRates {
  /** The tier applies to calls whose input tokens are more than this. */
  aboveInputTokens: number;
}

export interface ModelPrice extends PriceRates {
  /** provider:model */
  key: string;
  tiers?: PriceTier[];
  effectiveFrom: number;
  /** Where the price was read, and when. */
  source?: string;
}

/** A call's worst-case output when it names no max_tokens (reservations only). */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

export const usdToMicros = (usd: number): number => Math.round(usd * 1_000_000);
export const microsToUsd = (micros: number): number => micros / 1_000_000;

/** The rates for a prompt of this many input tokens. */
export function ratesFor(price: ModelPrice, inputTokens: number): PriceRates {
  let best: PriceTier | undefined;
  for (const tier of price.tiers ?? []) {
    if (inputTokens > tier.aboveInputTokens && (!best || tier.aboveInputTokens > best.aboveInputTokens)) best = tier;
  }
  return best ?? price;
}

/**
 * What a call cost, in micro-dollars, rounded to the nearest micro-dollar once per call ($/MTok is
 * micro-dollars per token, so tokens × rate is micro-dollars).
 */
export function costMicros(price: ModelPrice, usage: TokenUsage): number {
  const r = ratesFor(price, usage.inputTokens);
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  const exact =
    (usage.inputTokens - cached) * r.inputPerMTok +
    cached * (r.cachedInputPerMTok ?? r.inputPerMTok) +
    (usage.outputTokens - reasoning) * r.outputPerMTok +
    reasoning * (r.reasoningPerMTok ?? r.outputPerMTok);
  return Math.round(clean(exact));
}

/** Drops floating-point noise below a millionth of a micro-dollar (0.1 × 3 is 0.30000000000000004). */
const clean = (micros: number) => Math.round(micros * 1e6) / 1e6;

/**
 * The most a call can cost before it is made: every input token uncached, every output token at the
 * dearer of the output and reasoning rates, rounded up.
 */
export function worstCaseMicros(price: ModelPrice, inputTokens: number, maxOutputTokens: number): number {
  const r = ratesFor(price, inputTokens);
  const output = Math.max(r.outputPerMTok, r.reasoningPerMTok ?? 0);
  return Math.ceil(clean(inputTokens * r.inputPerMTok + maxOutputTokens * output));
}

const RATE_FIELDS = ['inputPerMTok', 'cachedInputPerMTok', 'outputPerMTok', 'reasoningPerMTok'] as const;
const REQUIRED = new Set<string>(['inputPerMTok', 'outputPerMTok']);

/** Problems with one price's rates and tiers, each naming its field ("tiers.0.outputPerMTok"). */
export function priceIssues(price: Partial<ModelPrice>): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  if (typeof price.key !== 'string' || !/^[^:\s]+:\S+$/.test(price.key)) issues.push({ path: 'key', message: 'must be "provider:model"' });
  const rates = (r: Partial<PriceRates>, prefix: string) => {
    for (const field of RATE_FIELDS) {
      const value = r[field];
      if (value === undefined || value === null) {
        if (REQUIRED.has(field)) issues.push({ path: prefix + field, message: 'is required (USD per million tokens)' });
      } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1_000_000) {
        issues.push({ path: prefix + field, message: 'must be a number of USD per million tokens, from 0 to 1000000' });
      }
    }
  };
  rates(price, '');
  if (price.tiers !== undefined) {
    if (!Array.isArray(price.tiers)) issues.push({ path: 'tiers', message: 'must be a list' });
    else {
      price.tiers.forEach((tier, i) => {
        if (!Number.isInteger(tier?.aboveInputTokens) || tier.aboveInputTokens < 0) {
          issues.push({ path: `tiers.${i}.aboveInputTokens`, message: 'must be a whole number of tokens, 0 or more' });
        }
        rates(tier ?? {}, `tiers.${i}.`);
      });
    }
  }
  return issues;
}
