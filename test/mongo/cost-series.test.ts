/**
 * The MongoDB adapter's cost series run through the store contract without a server: the LLM-call
 * collection is a mingo stand-in (mingo evaluates the aggregation), the rest of the store is SQLite.
 */
import { describe } from 'vitest';
import type { LlmCallDoc } from '../../src/engine/store/mongo/documents.js';
import { MongoLlmCallRepository } from '../../src/engine/store/mongo/llm-calls.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { defineCostSeriesContract } from '../store-contract/cost-series.js';
import { useStoreHarness } from '../store-contract/harness.js';
import { MingoCollection } from './mingo-collection.js';

describe('mongo cost series over mingo', () => {
  const harness = useStoreHarness(() => {
    const store = openSqliteStore({ file: ':memory:' });
    return {
      ...store,
      close: () => store.close(),
      llmCalls: new MongoLlmCallRepository(new MingoCollection<LlmCallDoc>().collection),
    };
  });
  defineCostSeriesContract(harness);
});
