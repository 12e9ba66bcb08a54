/**
 * Budgets of an org: created, changed and deleted through the API (audited), and one job's budget
 * from `maxCostUsd` at enqueue. The gateway holds and settles them (runtime/llm/budget-guard.ts).
 */
import type { Actor } from '../domain/actor.js';
import {
  BUDGET_ACTIONS,
  BUDGET_PERIODS,
  BUDGET_SCOPES,
  DEFAULT_THRESHOLDS,
  periodStartOf,
  type Budget,
  type BudgetAction,
  type BudgetInput,
  type BudgetPeriod,
  type BudgetScope,
} from '../domain/budget.js';
import { ConflictError, NotFoundError, ValidationError, type Issue } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import { usdToMicros } from '../domain/prices.js';
import type { Store } from '../store/port.js';
import { writeAudit } from './audit-writer.js';

/** A budget as the API gives it: dollars, not micro-dollars. */
export interface BudgetRequest {
  scope: BudgetScope;
  target?: string | null;
  period: BudgetPeriod;
  limitUsd: number;
  action?: BudgetAction | null;
  thresholds?: number[] | null;
}

/** Most budgets one org may have (besides its jobs' own). */
export const MAX_BUDGETS_PER_ORG = 200;
const MAX_LIMIT_USD = 1_000_000_000;

export class BudgetService {
  constructor(private readonly store: Store) {}

  /** The org's budgets (jobs' own ones only with scope JOB), as of now: an ended period shows nothing spent. */
  list(actor: Actor, scope?: BudgetScope, now = Date.now()): Promise<Budget[]> {
    return this.store.budgets.list(actor.orgId, now, scope).then((all) => (scope ? all : all.filter((b) => b.scope !== 'JOB')));
  }

  get(actor: Actor, id: string, now = Date.now()): Promise<Budget | undefined> {
    return this.store.budgets.get(id, actor.orgId, now);
  }

  async create(actor: Actor, request: BudgetRequest, now = Date.now()): Promise<Budget> {
    const input = await this.#validate(actor, request);
    if ((await this.store.budgets.list(actor.orgId, now)).filter((b) => b.scope !== 'JOB').length >= MAX_BUDGETS_PER_ORG) {
      throw ValidationError.field('input', `an org has at most ${MAX_BUDGETS_PER_ORG} budgets`);
    }
    const budget = this.#newBudget(actor.orgId, input, now);
    if (!(await this.store.budgets.insert(budget))) throw new ConflictError(`the org has a ${input.period} budget of ${describe(input)} already`);
    await writeAudit(this.store, actor, 'budget.create', { type: 'budget', id: budget.id }, { after: auditView(budget) });
    return budget;
  }

  async update(actor: Actor, id: string, request: BudgetRequest, now = Date.now()): Promise<Budget> {
    const before = await this.store.budgets.get(id, actor.orgId, now);
    if (!before || before.scope === 'JOB') throw new NotFoundError('budget', id);
    const input = await this.#validate(actor, request);
    let after: Budget | undefined;
    try {
      after = await this.store.budgets.update(id, actor.orgId, input, now);
    } catch (error) {
      if (/UNIQUE|duplicate key|E11000/i.test(String((error as Error)?.message))) throw new ConflictError(`the org has a ${input.period} budget of ${describe(input)} already`);
      throw error;
    }
    if (!after) throw new NotFoundError('budget', id);
    await writeAudit(this.store, actor, 'budget.update', { type: 'budget', id }, { before: auditView(before), after: auditView(after) });
    return after;
  }

  async delete(actor: Actor, id: string, now = Date.now()): Promise<string> {
    const before = await this.store.budgets.get(id, actor.orgId, now);
    if (!before || before.scope === 'JOB' || !(await this.store.budgets.delete(id, actor.orgId))) throw new NotFoundError('budget', id);
    await writeAudit(this.store, actor, 'budget.delete', { type: 'budget', id }, { before: auditView(before) });
    return id;
  }

  /** A job's own budget for its whole run (`maxCostUsd`), stored before the job so its first call meets it. */
  async forJob(orgId: string, jobId: string, maxCostUsd: number, now = Date.now()): Promise<Budget> {
    const budget = this.#newBudget(orgId, { scope: 'JOB', target: jobId, period: 'LIFETIME', limitMicros: usdToMicros(maxCostUsd), action: 'FAIL', thresholds: [] }, now);
    await this.store.budgets.insert(budget);
    return budget;
  }

  /** Removes a job's own budget (its job was not stored after all). */
  async dropForJob(orgId: string, budgetId: string): Promise<void> {
    await this.store.budgets.delete(budgetId, orgId);
  }

  #newBudget(orgId: string, input: BudgetInput, now: number): Budget {
    return {
      id: newId(),
      orgId,
      ...input,
      periodStart: periodStartOf(input.period, now),
      spentMicros: 0,
      reservedMicros: 0,
      alerted: 0,
      createdAt: now,
      updatedAt: now,
    };
  }

  async #validate(actor: Actor, r: BudgetRequest): Promise<BudgetInput> {
    const issues: Issue[] = [];
    const at = (path: string, message: string) => issues.push({ path: `input.${path}`, message });
    if (!BUDGET_SCOPES.includes(r.scope) || r.scope === 'JOB') at('scope', 'must be ORG, TASK_TYPE, SCHEDULE or TOKEN (a job takes maxCostUsd at enqueue)');
    if (!BUDGET_PERIODS.includes(r.period) || r.period === 'LIFETIME') at('period', 'must be DAY or MONTH');
    if (r.action != null && !BUDGET_ACTIONS.includes(r.action)) at('action', 'must be FAIL or WAIT');
    if (typeof r.limitUsd !== 'number' || !Number.isFinite(r.limitUsd) || r.limitUsd <= 0 || r.limitUsd > MAX_LIMIT_USD) {
      at('limitUsd', `must be more than 0 and at most ${MAX_LIMIT_USD} USD`);
    } else if (usdToMicros(r.limitUsd) < 1) at('limitUsd', 'must be at least $0.000001');
    const target = r.target ?? undefined;
    if (r.scope === 'ORG' && target !== undefined) at('target', 'must be absent for an ORG budget');
    if (r.scope !== 'ORG' && (target === undefined || target.length === 0 || target.length > 200)) at('target', `must name the ${r.scope.toLowerCase().replace('_', ' ')}`);
    const thresholds = r.thresholds ?? [...DEFAULT_THRESHOLDS];
    if (thresholds.length > 10) at('thresholds', 'at most 10');
    thresholds.forEach((t, i) => {
      if (typeof t !== 'number' || !(t > 0) || t > 10) at(`thresholds.${i}`, 'must be a fraction of the limit, more than 0 and at most 10');
    });
    if (issues.length) throw new ValidationError(issues);
    // The target must be the org's own (another org's schedule or token is not found).
    if (r.scope === 'SCHEDULE' && !(await this.store.schedules.get(target!, actor.orgId))) at('target', `schedule ${target} was not found`);
    if (r.scope === 'TOKEN' && !(await this.store.tokens.list(actor.orgId)).some((t) => t.id === target)) at('target', `token ${target} was not found`);
    if (issues.length) throw new ValidationError(issues);
    return {
      scope: r.scope,
      ...(target !== undefined && { target }),
      period: r.period,
      limitMicros: usdToMicros(r.limitUsd),
      action: r.action ?? 'FAIL',
      thresholds: [...new Set(thresholds)].sort((a, b) => a - b),
    };
  }
}

const describe = (i: Pick<BudgetInput, 'scope' | 'target'>) => (i.scope === 'ORG' ? 'the org' : `${i.scope} ${i.target}`);

/** What the audit keeps of a budget: its settings, not its moving sums. */
const auditView = (b: Budget) => ({ scope: b.scope, target: b.target ?? null, period: b.period, limitUsd: b.limitMicros / 1_000_000, action: b.action, thresholds: b.thresholds });
