/** Prices set through the API on MongoDB: one document per version; the newest by effectiveFrom, then seq. */
import type { Collection } from 'mongodb';
import type { ModelPrice } from '../../domain/prices.js';
import type { PriceRepository } from '../port.js';

/** A price version; `seq` orders versions with the same effectiveFrom (insertion time, then a counter). */
export type PriceDoc = { _id: string; orgId: string; key: string; effectiveFrom: number; seq: number; price: ModelPrice };

let lastSeq = 0;

export class MongoPriceRepository implements PriceRepository {
  constructor(private readonly prices: Collection<PriceDoc>) {}

  async insert(orgId: string, price: ModelPrice): Promise<void> {
    lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
    const seq = lastSeq;
    await this.prices.insertOne({ _id: `${orgId}:${price.key}:${price.effectiveFrom}:${seq}`, orgId, key: price.key, effectiveFrom: price.effectiveFrom, seq, price });
  }

  async latest(orgId: string): Promise<ModelPrice[]> {
    const rows = await this.prices
      .aggregate<{ price: ModelPrice }>([
        { $match: { orgId } },
        { $sort: { key: 1, effectiveFrom: -1, seq: -1 } },
        { $group: { _id: '$key', price: { $first: '$price' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    return rows.map((r) => r.price);
  }

  async latestOf(orgId: string, key: string): Promise<ModelPrice | undefined> {
    const doc = await this.prices.findOne({ orgId, key }, { sort: { effectiveFrom: -1, seq: -1 } });
    return doc?.price;
  }
}
