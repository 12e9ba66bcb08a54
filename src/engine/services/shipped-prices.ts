/**
 * The prices jobcenter ships with, per provider:model, in USD per million tokens. A key names the
 * provider as configured (JOBCENTER_LLM_PROVIDERS `name`), so these apply to a provider named
 * `openai`, `deepseek` or `gemini`; any other provider is priced by the prices file or the API.
 * Each row says where its price was published and as of when: list prices change, so the prices file
 * (JOBCENTER_LLM_PRICES) and `setModelPrice` override them.
 */
import type { ModelPrice } from '../domain/prices.js';

/** Rows take effect from the epoch: a call is charged the newest version known when it is queued. */
const SHIPPED = 0;

const openai = 'https://openai.com/api/pricing (list price as of 2025-05)';
const deepseek = 'https://api-docs.deepseek.com/quick_start/pricing (standard price as of 2025-05)';
const gemini = 'https://ai.google.dev/gemini-api/docs/pricing (paid tier as of 2025-06)';

export const SHIPPED_PRICES: readonly ModelPrice[] = Object.freeze([
  // Made up, so the demo shows costs with no key; the demo provider costs nothing to run.
  { key: 'demo:demo-model', inputPerMTok: 1, cachedInputPerMTok: 0.25, outputPerMTok: 4, effectiveFrom: SHIPPED, source: 'made up for the demo provider' },
  { key: 'openai:gpt-4o', inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10, effectiveFrom: SHIPPED, source: openai },
  { key: 'openai:gpt-4o-mini', inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6, effectiveFrom: SHIPPED, source: openai },
  { key: 'openai:gpt-4.1', inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8, effectiveFrom: SHIPPED, source: openai },
  { key: 'openai:gpt-4.1-mini', inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6, effectiveFrom: SHIPPED, source: openai },
  { key: 'openai:gpt-4.1-nano', inputPerMTok: 0.1, cachedInputPerMTok: 0.025, outputPerMTok: 0.4, effectiveFrom: SHIPPED, source: openai },
  { key: 'openai:o3', inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8, effectiveFrom: SHIPPED, source: openai },
  { key: 'openai:o4-mini', inputPerMTok: 1.1, cachedInputPerMTok: 0.275, outputPerMTok: 4.4, effectiveFrom: SHIPPED, source: openai },
  { key: 'deepseek:deepseek-chat', inputPerMTok: 0.27, cachedInputPerMTok: 0.07, outputPerMTok: 1.1, effectiveFrom: SHIPPED, source: deepseek },
  { key: 'deepseek:deepseek-reasoner', inputPerMTok: 0.55, cachedInputPerMTok: 0.14, outputPerMTok: 2.19, effectiveFrom: SHIPPED, source: deepseek },
  {
    key: 'gemini:gemini-2.5-pro',
    inputPerMTok: 1.25,
    cachedInputPerMTok: 0.31,
    outputPerMTok: 10,
    tiers: [{ aboveInputTokens: 200_000, inputPerMTok: 2.5, cachedInputPerMTok: 0.625, outputPerMTok: 15 }],
    effectiveFrom: SHIPPED,
    source: gemini,
  },
  { key: 'gemini:gemini-2.5-flash', inputPerMTok: 0.3, cachedInputPerMTok: 0.075, outputPerMTok: 2.5, effectiveFrom: SHIPPED, source: gemini },
]);
