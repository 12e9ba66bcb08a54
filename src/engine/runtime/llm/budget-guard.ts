/**
 * Budgets at the gateway: before a call leaves, its worst-case cost is held on every budget that
 * covers it, all or none (the store makes it atomic); when the call ends the hold is settled to what
 * it cost (0 for a failure that reported no usage). A call a budget refuses fails with
 * BUDGET_EXCEEDED, or, when the budget says WAIT, waits (still QUEUED) and tries again until the
 * period rolls over or holds are released. Thresholds reached raise one BUDGET_THRESHOLD alert each
 * per period.
 */
import { BudgetExceededError, coveringTargets, nextPeriodStart, thresholdsReached, type Budget, type BudgetSubject, type Reservation } from '../../domain/budget.js';
import { newId } from '../../domain/ids.js';
import type { Store } from '../../store/port.js';
import { hostname } from 'node:os';
import { abortableSleep } from '../abortable-sleep.js';
import type { Logger } from '../logger.js';

export interface BudgetGuardOptions {
  store: Store;
  logger: Logger;
  now?: () => number;
  /** How often a waiting call tries again (holds may be released before the period ends). */
  retryMs?: number;
  /** Who takes the holds, as they are stored (default: this process, host:pid). */
  holder?: string;
}

const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;

export class BudgetGuard {
  readonly #o: BudgetGuardOptions;
  readonly #now: () => number;
  readonly #holder: string;

  constructor(options: BudgetGuardOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#holder = options.holder ?? `${hostname()}:${process.pid}`;
  }

  /**
   * Holds `amountMicros` on every budget covering the subject; undefined when none covers it.
   * Throws BudgetExceededError, or waits when the refusing budget says WAIT (`onWait` is told once).
   */
  async reserve(subject: BudgetSubject, amountMicros: number, signal: AbortSignal, onWait?: (budget: Budget) => void, callId?: string): Promise<Reservation | undefined> {
    let told = false;
    // The hold is stored under the call's id, with its job and this process, so the sweep can find it.
    const owner = { id: callId ?? newId(), holder: this.#holder, ...(subject.jobId !== undefined && { jobId: subject.jobId }) };
    for (;;) {
      const now = this.#now();
      const budgets = await this.#o.store.budgets.covering(subject.orgId, coveringTargets(subject), now);
      if (budgets.length === 0) return undefined;
      const ids = budgets.map((b) => b.id);
      const held = await this.#o.store.budgets.reserve(ids, subject.orgId, amountMicros, now, owner);
      if (held.ok) return { budgetIds: ids, amountMicros, holdId: owner.id };
      const refusing = held.budget;
      // A call dearer than the whole limit would wait forever.
      if (refusing.action !== 'WAIT' || refusing.period === 'LIFETIME' || amountMicros > refusing.limitMicros) {
        throw new BudgetExceededError(refusing, amountMicros);
      }
      if (!told) onWait?.(refusing), (told = true);
      const untilRollover = Math.max(1, nextPeriodStart(refusing.period, now) - now);
      await abortableSleep(Math.min(untilRollover, this.#o.retryMs ?? 1000), signal);
    }
  }

  /** Settles a hold to what the call cost, and raises the alerts of thresholds it reached. */
  async settle(orgId: string, reservation: Reservation, costMicros: number): Promise<void> {
    const after = await this.#o.store.budgets.settle(reservation.budgetIds, orgId, reservation.amountMicros, costMicros, this.#now(), reservation.holdId);
    for (const budget of after) await this.#alert(budget);
  }

  async #alert(b: Budget): Promise<void> {
    const reached = thresholdsReached(b, b.spentMicros);
    if (reached <= b.alerted) return;
    // Of several processes settling at once, one moves the mark and raises the alert.
    if (!(await this.#o.store.budgets.markAlerted(b.id, b.periodStart, b.alerted, reached))) return;
    const threshold = b.thresholds[reached - 1]!;
    const what = b.scope === 'ORG' ? 'the org' : `${b.scope.toLowerCase().replace('_', ' ')} ${b.target}`;
    await this.#o.store.alerts.insert({
      id: newId(),
      orgId: b.orgId,
      kind: 'BUDGET_THRESHOLD',
      ...(b.scope === 'SCHEDULE' && b.target !== undefined && { scheduleId: b.target }),
      message:
        `budget ${b.id} (${what}, ${b.period}) reached ${Math.round(threshold * 100)} % of its limit: ` +
        `spent ${usd(b.spentMicros)} of ${usd(b.limitMicros)}`,
      raisedAt: this.#now(),
      dedupeKey: `budget:${b.id}:${b.periodStart}:${reached}`,
    });
  }
}
