/**
 * Prices: what a call costs from its usage (cached and reasoning tokens, tiers by prompt size), the
 * worst case a budget holds, and the prices file's checks, which name the row and the field.
 */
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { costMicros, priceIssues, ratesFor, worstCaseMicros, type ModelPrice } from '../../src/engine/domain/prices.js';
import { parsePriceRows } from '../../src/engine/services/price-service.js';
import { SHIPPED_PRICES } from '../../src/engine/services/shipped-prices.js';
import { useTempDirs } from '../helpers/tmp.js';

const usage = (inputTokens: number, outputTokens: number, cachedTokens = 0, reasoningTokens?: number) => ({
  inputTokens,
  outputTokens,
  cachedTokens,
  totalTokens: inputTokens + outputTokens,
  ...(reasoningTokens !== undefined && { reasoningTokens }),
});

const flat: ModelPrice = { key: 'p:m', inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10, effectiveFrom: 0 };

describe('the cost of a call', () => {
  test('input and output at their rates, in micro-dollars ($/MTok is µ$/token)', () => {
    expect(costMicros(flat, usage(1_000, 500))).toBe(1_000 * 2.5 + 500 * 10);
    expect(costMicros(flat, usage(1_000_000, 0))).toBe(2_500_000); // $2.50 for a million input tokens
  });

  test('cached input tokens (part of the input) at the cached rate, or the input rate when there is none', () => {
    expect(costMicros(flat, usage(1_000, 0, 400))).toBe(600 * 2.5 + 400 * 1.25);
    const noCachedRate: ModelPrice = { ...flat, cachedInputPerMTok: undefined as never };
    delete (noCachedRate as Partial<ModelPrice>).cachedInputPerMTok;
    expect(costMicros(noCachedRate, usage(1_000, 0, 400))).toBe(1_000 * 2.5);
  });

  test('reasoning tokens (part of the output) at the reasoning rate, or the output rate when there is none', () => {
    const reasoning: ModelPrice = { ...flat, reasoningPerMTok: 20 };
    expect(costMicros(reasoning, usage(0, 1_000, 0, 700))).toBe(300 * 10 + 700 * 20);
    expect(costMicros(flat, usage(0, 1_000, 0, 700))).toBe(1_000 * 10);
  });

  test('a tier changes every rate of a call whose prompt is above its size; the highest tier passed applies', () => {
    const tiered: ModelPrice = {
      key: 'gemini:pro',
      inputPerMTok: 1.25,
      outputPerMTok: 10,
      tiers: [
        { aboveInputTokens: 500_000, inputPerMTok: 4, outputPerMTok: 20 },
        { aboveInputTokens: 200_000, inputPerMTok: 2.5, outputPerMTok: 15 },
      ],
      effectiveFrom: 0,
    };
    expect(costMicros(tiered, usage(200_000, 1_000))).toBe(200_000 * 1.25 + 1_000 * 10); // at the boundary: not above it
    expect(costMicros(tiered, usage(200_002, 1_000))).toBe(200_002 * 2.5 + 1_000 * 15);
    expect(costMicros(tiered, usage(600_000, 1_000))).toBe(600_000 * 4 + 1_000 * 20);
    expect(ratesFor(tiered, 10)).toBe(tiered);
  });

  test('rounded once per call, so sums of calls are exact integers', () => {
    const cheap: ModelPrice = { key: 'p:cheap', inputPerMTok: 0.075, outputPerMTok: 0.3, effectiveFrom: 0 };
    expect(costMicros(cheap, usage(10, 1))).toBe(1); // 0.75 + 0.3 = 1.05
    expect(costMicros(cheap, usage(1, 0))).toBe(0); // 0.075 rounds to 0
    const one = costMicros(flat, usage(333, 77)); // 832.5 + 770 = 1602.5, rounded to 1603
    expect(one).toBe(1603);
    const calls = Array.from({ length: 1000 }, () => costMicros(flat, usage(333, 77)));
    expect(calls.reduce((a, b) => a + b, 0)).toBe(1_603_000);
  });

  test('the worst case: every input token uncached at its tier, every output token at the dearer of output and reasoning, rounded up', () => {
    const reasoning: ModelPrice = { ...flat, reasoningPerMTok: 30 };
    expect(worstCaseMicros(reasoning, 100, 50)).toBe(100 * 2.5 + 50 * 30);
    expect(worstCaseMicros(flat, 1, 0)).toBe(3); // 2.5 up to 3
    // Binary fractions do not push a whole amount up: 3 × 0.1 is 0.30000000000000004 in floating point.
    expect(worstCaseMicros({ key: 'p:m', inputPerMTok: 0.1, outputPerMTok: 0, effectiveFrom: 0 }, 30, 0)).toBe(3);
  });
});

describe('shipped prices', () => {
  test('every row is valid, names where it was read, and the demo model has a (made-up) price', () => {
    for (const p of SHIPPED_PRICES) {
      expect(priceIssues(p), p.key).toEqual([]);
      expect(p.source, p.key).toMatch(/https:\/\/|made up/);
    }
    expect(SHIPPED_PRICES.find((p) => p.key === 'demo:demo-model')?.source).toMatch(/made up/);
    expect(new Set(SHIPPED_PRICES.map((p) => p.key)).size).toBe(SHIPPED_PRICES.length);
  });
});

describe('the prices file', () => {
  test('valid rows become prices', () => {
    const { prices, issues } = parsePriceRows([
      { key: 'acme:big', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, source: 'our contract, 2026-11' },
      { key: 'acme:long', inputPerMTok: 1, outputPerMTok: 2, tiers: [{ aboveInputTokens: 128000, inputPerMTok: 2, outputPerMTok: 4 }] },
    ]);
    expect(issues).toEqual([]);
    expect(prices).toEqual([
      { key: 'acme:big', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, effectiveFrom: 0, source: 'our contract, 2026-11' },
      { key: 'acme:long', inputPerMTok: 1, outputPerMTok: 2, tiers: [{ aboveInputTokens: 128000, inputPerMTok: 2, outputPerMTok: 4 }], effectiveFrom: 0, source: 'prices file' },
    ]);
    expect(parsePriceRows({ prices: [{ key: 'a:b', inputPerMTok: 0, outputPerMTok: 0 }] }).issues).toEqual([]);
  });

  test('every problem names its row (and key) and its field, and no row is taken', () => {
    const { prices, issues } = parsePriceRows([
      { key: 'acme:ok', inputPerMTok: 1, outputPerMTok: 2 },
      { key: 'acme:neg', inputPerMTok: -1, outputPerMTok: 2 },
      { key: 'acme:noout', inputPerMTok: 1 },
      { key: 'nocolon', inputPerMTok: 1, outputPerMTok: 1 },
      { key: 'acme:tier', inputPerMTok: 1, outputPerMTok: 1, tiers: [{ aboveInputTokens: 1.5, inputPerMTok: 'x', outputPerMTok: 1 }] },
      { key: 'acme:ok', inputPerMTok: 1, outputPerMTok: 2, colour: 'red' },
      'not a row',
    ]);
    expect(prices).toEqual([]);
    expect(issues).toEqual([
      'row 1 (acme:neg): inputPerMTok: must be a number of USD per million tokens, from 0 to 1000000',
      'row 2 (acme:noout): outputPerMTok: is required (USD per million tokens)',
      'row 3 (nocolon): key: must be "provider:model"',
      'row 4 (acme:tier): tiers.0.aboveInputTokens: must be a whole number of tokens, 0 or more',
      'row 4 (acme:tier): tiers.0.inputPerMTok: must be a number of USD per million tokens, from 0 to 1000000',
      'row 5 (acme:ok): colour: is not a price field',
      'row 5 (acme:ok): key: "acme:ok" is priced twice',
      'row 6: must be an object',
    ]);
    expect(parsePriceRows({ nope: 1 }).issues).toEqual(['must be a JSON list of prices, or { "prices": [...] }']);
  });
});

describe('JOBCENTER_LLM_PRICES', () => {
  const tmp = useTempDirs('jobcenter-prices-');
  const file = (content: string) => {
    const name = tmp.file('prices.json');
    fs.writeFileSync(name, content);
    return name;
  };

  test('a valid file becomes the gateway settings; a bad one stops start-up naming the variable, the row and the field', () => {
    const good = file(JSON.stringify([{ key: 'acme:big', inputPerMTok: 3, outputPerMTok: 15 }]));
    expect(loadConfig({ JOBCENTER_LLM_PRICES: good }, {}, 'serve').llm.prices).toEqual([
      { key: 'acme:big', inputPerMTok: 3, outputPerMTok: 15, effectiveFrom: 0, source: 'prices file' },
    ]);
    const bad = file(JSON.stringify([{ key: 'acme:big', inputPerMTok: 3 }]));
    expect(() => loadConfig({ JOBCENTER_LLM_PRICES: bad }, {}, 'serve')).toThrow(
      `JOBCENTER_LLM_PRICES (${bad}): row 0 (acme:big): outputPerMTok: is required (USD per million tokens)`,
    );
    expect(() => loadConfig({ JOBCENTER_LLM_PRICES: file('{ nope') }, {}, 'serve')).toThrow(/JOBCENTER_LLM_PRICES \(.*\): is not valid JSON/);
    expect(() => loadConfig({ JOBCENTER_LLM_PRICES: '/no/such/prices.json' }, {}, 'serve')).toThrow(/JOBCENTER_LLM_PRICES \(\/no\/such\/prices.json\): cannot be read/);
  });
});
