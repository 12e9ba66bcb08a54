/** Prices set through the API on SQLite: one row per version; the newest by effectiveFrom, then by insertion. */
import type { ModelPrice } from '../../domain/prices.js';
import type { PriceRepository } from '../port.js';
import type { Statements } from './statements.js';

const SQL = {
  insert: 'INSERT INTO model_prices (org_id, key, effective_from, price) VALUES (?, ?, ?, ?)',
  latest: `SELECT price FROM model_prices AS p WHERE org_id = ? AND seq = (
      SELECT seq FROM model_prices WHERE org_id = p.org_id AND key = p.key ORDER BY effective_from DESC, seq DESC LIMIT 1)
    ORDER BY key`,
  latestOf: 'SELECT price FROM model_prices WHERE org_id = ? AND key = ? ORDER BY effective_from DESC, seq DESC LIMIT 1',
};

export class SqlitePriceRepository implements PriceRepository {
  constructor(private readonly s: Statements) {}

  async insert(orgId: string, price: ModelPrice): Promise<void> {
    this.s.get(SQL.insert).run(orgId, price.key, price.effectiveFrom, JSON.stringify(price));
  }

  async latest(orgId: string): Promise<ModelPrice[]> {
    return (this.s.get(SQL.latest).all(orgId) as Array<{ price: string }>).map((r) => JSON.parse(r.price));
  }

  async latestOf(orgId: string, key: string): Promise<ModelPrice | undefined> {
    const row = this.s.get(SQL.latestOf).get(orgId, key) as { price: string } | undefined;
    return row ? JSON.parse(row.price) : undefined;
  }
}
