/**
 * Budgets on SQLite. A read rolls an ended period over in what it returns (domain `asOf`); a write
 * stores the roll-over first. `reserve` checks and holds every budget in one transaction, so two
 * calls can never both take the last of a limit.
 */
import { asOf, fits, periodStartOf, type Budget, type BudgetHold, type BudgetInput, type BudgetScope, type HoldOwner } from '../../domain/budget.js';
import type { BudgetRepository } from '../port.js';
import type { Row } from './rows.js';
import type { Statements } from './statements.js';

function rowToBudget(r: Row): Budget {
  const b: Budget = {
    id: r.id as string,
    orgId: r.org_id as string,
    scope: r.scope as Budget['scope'],
    period: r.period as Budget['period'],
    limitMicros: r.limit_micros as number,
    action: r.action as Budget['action'],
    thresholds: JSON.parse(r.thresholds as string),
    periodStart: r.period_start as number,
    spentMicros: r.spent_micros as number,
    reservedMicros: r.reserved_micros as number,
    alerted: r.alerted as number,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
  if (r.target != null) b.target = r.target as string;
  return b;
}

const SQL = {
  insert: `INSERT INTO budgets (id, org_id, scope, target, period, limit_micros, action, thresholds, period_start,
      spent_micros, reserved_micros, alerted, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  get: 'SELECT * FROM budgets WHERE id = ? AND org_id = ?',
  list: 'SELECT * FROM budgets WHERE org_id = ? ORDER BY scope, COALESCE(target, \'\'), period, id',
  listScope: 'SELECT * FROM budgets WHERE org_id = ? AND scope = ? ORDER BY scope, COALESCE(target, \'\'), period, id',
  update: `UPDATE budgets SET scope = ?, target = ?, period = ?, limit_micros = ?, action = ?, thresholds = ?, updated_at = ?
    WHERE id = ? AND org_id = ? RETURNING *`,
  delete: 'DELETE FROM budgets WHERE id = ? AND org_id = ?',
  covering: `SELECT * FROM budgets WHERE org_id = ? AND (scope, COALESCE(target, '')) IN
    (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)) ORDER BY id`,
  roll: `UPDATE budgets SET period_start = ?, spent_micros = 0, alerted = 0, updated_at = ? WHERE id = ? AND period_start < ?`,
  hold: 'UPDATE budgets SET reserved_micros = reserved_micros + ?, updated_at = ? WHERE id = ?',
  settle: `UPDATE budgets SET reserved_micros = MAX(0, reserved_micros - ?), spent_micros = spent_micros + ?, updated_at = ?
    WHERE id = ? AND org_id = ? RETURNING *`,
  markAlerted: 'UPDATE budgets SET alerted = ? WHERE id = ? AND period_start = ? AND alerted = ?',
  insertHold: `INSERT INTO budget_holds (id, org_id, budget_ids, amount_micros, job_id, holder, held_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  takeHold: 'DELETE FROM budget_holds WHERE id = ? RETURNING *',
  holds: 'SELECT * FROM budget_holds ORDER BY held_at, id LIMIT ?',
  giveBack: 'UPDATE budgets SET reserved_micros = MAX(0, reserved_micros - ?), updated_at = ? WHERE id = ? AND org_id = ?',
};

function rowToHold(r: Row): BudgetHold {
  const hold: BudgetHold = {
    id: r.id as string,
    orgId: r.org_id as string,
    budgetIds: JSON.parse(r.budget_ids as string),
    amountMicros: r.amount_micros as number,
    holder: r.holder as string,
    heldAt: r.held_at as number,
  };
  if (r.job_id != null) hold.jobId = r.job_id as string;
  return hold;
}

export class SqliteBudgetRepository implements BudgetRepository {
  constructor(private readonly s: Statements) {}

  async insert(b: Budget): Promise<boolean> {
    const { changes } = this.s.get(SQL.insert).run(
      b.id, b.orgId, b.scope, b.target ?? null, b.period, b.limitMicros, b.action, JSON.stringify(b.thresholds), b.periodStart,
      b.spentMicros, b.reservedMicros, b.alerted, b.createdAt, b.updatedAt,
    );
    return changes === 1;
  }

  async get(id: string, orgId: string, now: number): Promise<Budget | undefined> {
    const row = this.s.get(SQL.get).get(id, orgId) as Row | undefined;
    return row ? asOf(rowToBudget(row), now) : undefined;
  }

  async list(orgId: string, now: number, scope?: BudgetScope): Promise<Budget[]> {
    const rows = (scope ? this.s.get(SQL.listScope).all(orgId, scope) : this.s.get(SQL.list).all(orgId)) as Row[];
    return rows.map((r) => asOf(rowToBudget(r), now));
  }

  async update(id: string, orgId: string, input: BudgetInput, now: number): Promise<Budget | undefined> {
    const row = this.s.get(SQL.update).get(
      input.scope, input.target ?? null, input.period, input.limitMicros, input.action, JSON.stringify(input.thresholds), now, id, orgId,
    ) as Row | undefined;
    return row ? asOf(rowToBudget(row), now) : undefined;
  }

  async delete(id: string, orgId: string): Promise<boolean> {
    return this.s.get(SQL.delete).run(id, orgId).changes === 1;
  }

  async covering(orgId: string, pairs: ReadonlyArray<{ scope: BudgetScope; target?: string }>, now: number): Promise<Budget[]> {
    if (pairs.length === 0) return [];
    const rows = this.s.get(SQL.covering).all(orgId, JSON.stringify(pairs.map((p) => [p.scope, p.target ?? '']))) as Row[];
    return rows.map((r) => asOf(rowToBudget(r), now));
  }

  #roll(b: Budget, now: number): Budget {
    const start = periodStartOf(b.period, now);
    if (b.periodStart >= start) return b;
    this.s.get(SQL.roll).run(start, now, b.id, start);
    return asOf(b, now);
  }

  async reserve(ids: readonly string[], orgId: string, amountMicros: number, now: number, owner?: HoldOwner): Promise<{ ok: true } | { ok: false; budget: Budget }> {
    return this.s.db.transaction((): { ok: true } | { ok: false; budget: Budget } => {
      const budgets: Budget[] = [];
      for (const id of ids) {
        const row = this.s.get(SQL.get).get(id, orgId) as Row | undefined;
        if (!row) continue; // deleted meanwhile: it holds nothing
        const budget = this.#roll(rowToBudget(row), now);
        if (!fits(budget, amountMicros)) return { ok: false, budget };
        budgets.push(budget);
      }
      for (const b of budgets) this.s.get(SQL.hold).run(amountMicros, now, b.id);
      if (owner && budgets.length) {
        this.s.get(SQL.insertHold).run(owner.id, orgId, JSON.stringify(budgets.map((b) => b.id)), amountMicros, owner.jobId ?? null, owner.holder, now);
      }
      return { ok: true };
    }).immediate();
  }

  async settle(ids: readonly string[], orgId: string, heldMicros: number, spentMicros: number, now: number, holdId?: string): Promise<Budget[]> {
    return this.s.db.transaction(() => {
      // A hold the sweep gave back already holds nothing any more.
      if (holdId !== undefined && !this.s.get(SQL.takeHold).get(holdId)) heldMicros = 0;
      const after: Budget[] = [];
      for (const id of ids) {
        const row = this.s.get(SQL.get).get(id, orgId) as Row | undefined;
        if (!row) continue;
        this.#roll(rowToBudget(row), now);
        const settled = this.s.get(SQL.settle).get(heldMicros, spentMicros, now, id, orgId) as Row | undefined;
        if (settled) after.push(rowToBudget(settled));
      }
      return after;
    }).immediate();
  }

  async holds(max: number): Promise<BudgetHold[]> {
    return (this.s.get(SQL.holds).all(max) as Row[]).map(rowToHold);
  }

  async release(holdId: string, now: number): Promise<boolean> {
    return this.s.db.transaction(() => {
      const row = this.s.get(SQL.takeHold).get(holdId) as Row | undefined;
      if (!row) return false;
      const hold = rowToHold(row);
      for (const id of hold.budgetIds) this.s.get(SQL.giveBack).run(hold.amountMicros, now, id, hold.orgId);
      return true;
    }).immediate();
  }

  async markAlerted(id: string, periodStart: number, from: number, to: number): Promise<boolean> {
    return this.s.get(SQL.markAlerted).run(to, id, periodStart, from).changes === 1;
  }
}
