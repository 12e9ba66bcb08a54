/**
 * Budgets on MongoDB. A hold is one conditional update per budget (`spent + reserved + amount <=
 * limit`, checked by the server in the update's filter), so concurrent processes cannot take the
 * last of a limit twice; when a later budget refuses, the holds already taken are given back.
 * Between the two, a concurrent call may be refused by a hold that is then given back: it errs on
 * the side of refusing, never of overspending. A hold taken with an owner is stored (budget_holds)
 * before the budgets are touched and forgotten when it settles, so no hold goes unrecorded; the
 * sweep gives back the ones no call will settle.
 */
import type { Collection, Filter } from 'mongodb';
import { asOf, periodStartOf, type Budget, type BudgetHold, type BudgetInput, type BudgetScope, type HoldOwner } from '../../domain/budget.js';
import type { BudgetRepository } from '../port.js';

/** A budget; `targetKey` is its target or '' (the unique index's key: one per org, scope, target, period). */
export type BudgetDoc = Omit<Budget, 'id'> & { _id: string; targetKey: string };

export function budgetDoc(b: Budget): BudgetDoc {
  const { id, ...rest } = b;
  return { ...rest, _id: id, targetKey: b.target ?? '' };
}

export function docToBudget(doc: BudgetDoc): Budget {
  const { _id, targetKey: _key, ...rest } = doc;
  return { id: _id, ...rest };
}

/** The filter of a hold: the budget, in the current period, with room for `amount`. */
export function holdFilter(id: string, orgId: string, periodStart: number, amount: number): Filter<BudgetDoc> {
  return {
    _id: id,
    orgId,
    periodStart: { $gte: periodStart },
    $expr: { $lte: [{ $add: ['$spentMicros', '$reservedMicros', amount] }, '$limitMicros'] },
  } as Filter<BudgetDoc>;
}

/** Rolls an ended period over: spent from 0, alerts again (holds stay). */
export function rollUpdate(periodStart: number, now: number) {
  return { $set: { periodStart, spentMicros: 0, alerted: 0, updatedAt: now } };
}

/** A stored hold (domain BudgetHold). */
export type HoldDoc = Omit<BudgetHold, 'id'> & { _id: string };

function docToHold(doc: HoldDoc): BudgetHold {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

const isDuplicateKey = (e: unknown) => (e as { code?: number })?.code === 11000;

export class MongoBudgetRepository implements BudgetRepository {
  constructor(
    private readonly budgets: Collection<BudgetDoc>,
    private readonly holdDocs: Collection<HoldDoc>,
  ) {}

  async insert(b: Budget): Promise<boolean> {
    try {
      await this.budgets.insertOne(budgetDoc(b));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async get(id: string, orgId: string, now: number): Promise<Budget | undefined> {
    const doc = await this.budgets.findOne({ _id: id, orgId });
    return doc ? asOf(docToBudget(doc), now) : undefined;
  }

  async list(orgId: string, now: number, scope?: BudgetScope): Promise<Budget[]> {
    const docs = await this.budgets
      .find({ orgId, ...(scope && { scope }) })
      .sort({ scope: 1, targetKey: 1, period: 1, _id: 1 })
      .toArray();
    return docs.map((d) => asOf(docToBudget(d), now));
  }

  async update(id: string, orgId: string, input: BudgetInput, now: number): Promise<Budget | undefined> {
    const set = { scope: input.scope, targetKey: input.target ?? '', period: input.period, limitMicros: input.limitMicros, action: input.action, thresholds: input.thresholds, updatedAt: now };
    const doc = await this.budgets.findOneAndUpdate(
      { _id: id, orgId },
      input.target === undefined ? { $set: set, $unset: { target: '' } } : { $set: { ...set, target: input.target } },
      { returnDocument: 'after' },
    );
    return doc ? asOf(docToBudget(doc), now) : undefined;
  }

  async delete(id: string, orgId: string): Promise<boolean> {
    return (await this.budgets.deleteOne({ _id: id, orgId })).deletedCount === 1;
  }

  async covering(orgId: string, pairs: ReadonlyArray<{ scope: BudgetScope; target?: string }>, now: number): Promise<Budget[]> {
    if (pairs.length === 0) return [];
    const docs = await this.budgets.find({ orgId, $or: pairs.map((p) => ({ scope: p.scope, targetKey: p.target ?? '' })) }).sort({ _id: 1 }).toArray();
    return docs.map((d) => asOf(docToBudget(d), now));
  }

  async #roll(id: string, orgId: string, period: Budget['period'], now: number): Promise<void> {
    const start = periodStartOf(period, now);
    await this.budgets.updateOne({ _id: id, orgId, periodStart: { $lt: start } }, rollUpdate(start, now));
  }

  async reserve(ids: readonly string[], orgId: string, amountMicros: number, now: number, owner?: HoldOwner): Promise<{ ok: true } | { ok: false; budget: Budget }> {
    if (owner && ids.length) {
      const hold: HoldDoc = { _id: owner.id, orgId, budgetIds: [...ids], amountMicros, holder: owner.holder, heldAt: now, ...(owner.jobId !== undefined && { jobId: owner.jobId }) };
      await this.holdDocs.insertOne(hold);
    }
    const taken: string[] = [];
    for (const id of ids) {
      const doc = await this.budgets.findOne({ _id: id, orgId });
      if (!doc) continue; // deleted meanwhile: it holds nothing
      const start = periodStartOf(doc.period, now);
      if (doc.periodStart < start) await this.#roll(id, orgId, doc.period, now);
      const held = await this.budgets.updateOne(holdFilter(id, orgId, start, amountMicros), { $inc: { reservedMicros: amountMicros }, $set: { updatedAt: now } });
      if (held.modifiedCount !== 1) {
        if (taken.length) await this.budgets.updateMany({ _id: { $in: taken } }, { $inc: { reservedMicros: -amountMicros } });
        if (owner) await this.holdDocs.deleteOne({ _id: owner.id });
        const now2 = await this.budgets.findOne({ _id: id, orgId });
        return { ok: false, budget: asOf(docToBudget(now2 ?? doc), now) };
      }
      taken.push(id);
    }
    return { ok: true };
  }

  async settle(ids: readonly string[], orgId: string, heldMicros: number, spentMicros: number, now: number, holdId?: string): Promise<Budget[]> {
    // Whoever deletes the stored hold gives it back: the sweep may have done so already.
    const held = holdId === undefined || (await this.holdDocs.deleteOne({ _id: holdId })).deletedCount === 1 ? heldMicros : 0;
    const after: Budget[] = [];
    for (const id of ids) {
      const doc = await this.budgets.findOne({ _id: id, orgId });
      if (!doc) continue;
      await this.#roll(id, orgId, doc.period, now);
      const settled = await this.budgets.findOneAndUpdate(
        { _id: id, orgId },
        { $inc: { reservedMicros: -held, spentMicros }, $set: { updatedAt: now } },
        { returnDocument: 'after' },
      );
      if (settled) after.push(docToBudget(settled));
    }
    return after;
  }

  async holds(max: number): Promise<BudgetHold[]> {
    return (await this.holdDocs.find({}).sort({ heldAt: 1, _id: 1 }).limit(max).toArray()).map(docToHold);
  }

  async release(holdId: string, now: number): Promise<boolean> {
    const doc = await this.holdDocs.findOne({ _id: holdId });
    if (!doc || (await this.holdDocs.deleteOne({ _id: holdId })).deletedCount !== 1) return false;
    await this.budgets.updateMany({ _id: { $in: doc.budgetIds }, orgId: doc.orgId }, { $inc: { reservedMicros: -doc.amountMicros }, $set: { updatedAt: now } });
    return true;
  }

  async markAlerted(id: string, periodStart: number, from: number, to: number): Promise<boolean> {
    return (await this.budgets.updateOne({ _id: id, periodStart, alerted: from }, { $set: { alerted: to } })).modifiedCount === 1;
  }
}
