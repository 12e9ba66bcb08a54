/**
 * Budgets: a limit on what the calls a scope covers may cost in a period.
 *
 * - scope: ORG (every call of the org), TASK_TYPE (calls made by jobs of a type), SCHEDULE (calls
 *   made by a schedule's jobs), TOKEN (calls made by jobs enqueued with an API token), JOB (one job's
 *   whole run: `maxCostUsd` at enqueue).
 * - period: DAY or MONTH (UTC, starting at midnight and on the 1st), LIFETIME for a job.
 * - spent: what settled calls cost in the current period; reserved: the worst-case cost held by calls
 *   in flight. A call is let through only if, for every budget covering it, spent + reserved + its
 *   worst case stays within the limit; the hold is settled to the real cost when the call ends.
 * - action: FAIL (the call fails with BUDGET_EXCEEDED) or WAIT (it waits for the next period).
 * - thresholds: fractions of the limit that raise a BUDGET_THRESHOLD alert, once each per period.
 *
 * A period rolls over on the first reservation after it ends: spent starts at 0 and the alerts may
 * be raised again; holds of calls still in flight stay (they settle into the new period).
 */
import { FatalError } from './errors.js';

export const BUDGET_SCOPES = ['ORG', 'TASK_TYPE', 'SCHEDULE', 'TOKEN', 'JOB'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];
export const BUDGET_PERIODS = ['DAY', 'MONTH', 'LIFETIME'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
export const BUDGET_ACTIONS = ['FAIL', 'WAIT'] as const;
export type BudgetAction = (typeof BUDGET_ACTIONS)[number];

export const DEFAULT_THRESHOLDS: readonly number[] = [0.5, 0.8, 1];

export interface Budget {
  id: string;
  orgId: string;
  scope: BudgetScope;
  /** The task type, schedule id, token id or job id; absent for ORG. */
  target?: string;
  period: BudgetPeriod;
  limitMicros: number;
  action: BudgetAction;
  /** Ascending fractions of the limit. */
  thresholds: number[];
  /** The start of the period `spentMicros` counts (0 for LIFETIME). */
  periodStart: number;
  spentMicros: number;
  reservedMicros: number;
  /** How many of `thresholds` have raised their alert in this period. */
  alerted: number;
  createdAt: number;
  updatedAt: number;
}

/** What a new budget or a change to one sets. */
export type BudgetInput = Pick<Budget, 'scope' | 'period' | 'limitMicros' | 'action' | 'thresholds'> & { target?: string };

/** What a call is, as budgets see it: the scopes that may cover it. */
export interface BudgetSubject {
  orgId: string;
  taskType?: string;
  scheduleId?: string;
  tokenId?: string;
  jobId?: string;
}

/** The (scope, target) pairs that cover a call. */
export function coveringTargets(s: BudgetSubject): Array<{ scope: BudgetScope; target?: string }> {
  const pairs: Array<{ scope: BudgetScope; target?: string }> = [{ scope: 'ORG' }];
  if (s.taskType !== undefined) pairs.push({ scope: 'TASK_TYPE', target: s.taskType });
  if (s.scheduleId !== undefined) pairs.push({ scope: 'SCHEDULE', target: s.scheduleId });
  if (s.tokenId !== undefined) pairs.push({ scope: 'TOKEN', target: s.tokenId });
  if (s.jobId !== undefined) pairs.push({ scope: 'JOB', target: s.jobId });
  return pairs;
}

/** The start of the period that holds `now` (UTC). */
export function periodStartOf(period: BudgetPeriod, now: number): number {
  if (period === 'LIFETIME') return 0;
  const d = new Date(now);
  return period === 'DAY' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** When the period that holds `now` ends (never, for LIFETIME). */
export function nextPeriodStart(period: BudgetPeriod, now: number): number {
  if (period === 'LIFETIME') return Infinity;
  const d = new Date(now);
  return period === 'DAY'
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)
    : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** A budget as of `now`: a period that ended counts nothing spent and no alert raised. */
export function asOf(budget: Budget, now: number): Budget {
  const start = periodStartOf(budget.period, now);
  return budget.periodStart >= start ? budget : { ...budget, periodStart: start, spentMicros: 0, alerted: 0 };
}

/** Whether `amount` more fits: spent + reserved + amount within the limit. */
export const fits = (b: Pick<Budget, 'spentMicros' | 'reservedMicros' | 'limitMicros'>, amount: number): boolean =>
  b.spentMicros + b.reservedMicros + amount <= b.limitMicros;

/** How many thresholds `spent` has reached. */
export function thresholdsReached(b: Pick<Budget, 'thresholds' | 'limitMicros'>, spentMicros: number): number {
  return b.thresholds.filter((t) => spentMicros >= Math.round(t * b.limitMicros)).length;
}

/** The holds one call took: the same amount on each budget. */
export interface Reservation {
  budgetIds: string[];
  amountMicros: number;
  /** The stored hold (BudgetHold), settled once: a hold the sweep gave back is not given back again. */
  holdId?: string;
}

/**
 * A reservation as stored beside the budgets, so that one whose call never settles (its process died
 * mid-call) can be found and given back: whose it is and since when.
 */
export interface BudgetHold {
  /** The call's id. */
  id: string;
  orgId: string;
  budgetIds: string[];
  amountMicros: number;
  /** The job that made the call, if a job did. */
  jobId?: string;
  /** The process that took it (host:pid). */
  holder: string;
  heldAt: number;
}

/** Who takes a hold, as `reserve` records it. */
export type HoldOwner = Pick<BudgetHold, 'id' | 'jobId' | 'holder'>;

/**
 * Whether a hold is stale: taken before `takenBefore` (no call lives that long), or its job is no
 * longer RUNNING (`jobStatus` undefined: the job is gone). A call is made inside a running attempt,
 * so a hold outlives its job's attempt only when nothing is left to settle it.
 */
export function isStaleHold(hold: Pick<BudgetHold, 'heldAt' | 'jobId'>, takenBefore: number, jobStatus: string | undefined): boolean {
  if (hold.heldAt < takenBefore) return true;
  return hold.jobId !== undefined && jobStatus !== 'RUNNING';
}

/** Dollars to the micro-dollar, without trailing zeros past the cents ($0.00, $0.0005, $12.50). */
const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(6).replace(/(\.\d\d\d*?)0+$/, '$1')}`;

/** A call would spend past a budget: not retryable (the next attempt would meet the same budget). */
export class BudgetExceededError extends FatalError {
  readonly budgetId: string;
  readonly limitMicros: number;
  readonly spentMicros: number;
  constructor(budget: Budget, neededMicros: number) {
    const what = budget.scope === 'ORG' ? 'ORG' : `${budget.scope} ${budget.target}`;
    super(
      `budget ${budget.id} (${what}, ${budget.period}) would be exceeded: limit ${usd(budget.limitMicros)}, ` +
        `spent ${usd(budget.spentMicros)}, reserved ${usd(budget.reservedMicros)}, this call needs up to ${usd(neededMicros)}`,
      { code: 'BUDGET_EXCEEDED' },
    );
    this.budgetId = budget.id;
    this.limitMicros = budget.limitMicros;
    this.spentMicros = budget.spentMicros;
  }
}
