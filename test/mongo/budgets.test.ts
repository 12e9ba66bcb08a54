/**
 * The MongoDB adapter's budgets and prices run through the store contract without a server: their
 * collections are mingo stand-ins (the unique index on org, scope, target and period included), the
 * rest of the store is SQLite. The holds' conditional updates are what keep concurrent calls within
 * a limit here, as on a server; only a server shows them across processes (test:mongo).
 */
import { describe } from 'vitest';
import { MongoBudgetRepository, type BudgetDoc, type HoldDoc } from '../../src/engine/store/mongo/budgets.js';
import { MongoPriceRepository, type PriceDoc } from '../../src/engine/store/mongo/prices.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { defineBudgetsContract } from '../store-contract/budgets.js';
import { useStoreHarness } from '../store-contract/harness.js';
import { MingoCollection } from './mingo-collection.js';

describe('mongo budgets and prices over mingo', () => {
  const harness = useStoreHarness(() => {
    const store = openSqliteStore({ file: ':memory:' });
    return {
      ...store,
      close: () => store.close(),
      budgets: new MongoBudgetRepository(new MingoCollection<BudgetDoc>([['orgId', 'scope', 'targetKey', 'period']]).collection, new MingoCollection<HoldDoc>().collection),
      prices: new MongoPriceRepository(new MingoCollection<PriceDoc>().collection),
    };
  });
  defineBudgetsContract(harness);
});
