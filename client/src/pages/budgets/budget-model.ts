/**
 * The Budgets page's arithmetic and form state: shares of the limit, the form's fields and the input
 * they make. Pure (no imports), shared with the unit tests.
 */

export const SCOPES = [
  { value: 'ORG', label: 'The org', target: '' },
  { value: 'TASK_TYPE', label: 'A task type', target: 'Task type' },
  { value: 'SCHEDULE', label: 'A schedule', target: 'Schedule id' },
  { value: 'TOKEN', label: 'An API token', target: 'Token id' },
] as const;

export const PERIODS = [
  { value: 'DAY', label: 'Per day (UTC)' },
  { value: 'MONTH', label: 'Per month (UTC)' },
] as const;

export interface BudgetFigures {
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
}

/** Spent and held as shares of the limit (0..1 each, their sum at most 1), for the bar. */
export function shares(b: BudgetFigures): { spent: number; reserved: number; used: number } {
  if (!(b.limitUsd > 0)) return { spent: 0, reserved: 0, used: 0 };
  const spent = Math.min(1, b.spentUsd / b.limitUsd);
  const reserved = Math.min(1 - spent, b.reservedUsd / b.limitUsd);
  return { spent, reserved, used: (b.spentUsd + b.reservedUsd) / b.limitUsd };
}

/** What the form holds: text as typed, so the server can say what is wrong with it. */
export interface BudgetFormState {
  scope: string;
  target: string;
  period: string;
  limitUsd: string;
  action: string;
  /** Percentages, comma-separated ("50, 80, 100"). */
  thresholds: string;
}

export const NEW_BUDGET: BudgetFormState = { scope: 'ORG', target: '', period: 'DAY', limitUsd: '', action: 'FAIL', thresholds: '50, 80, 100' };

export function formOf(b: { scope: string; target?: string | null; period: string; limitUsd: number; action: string; thresholds: readonly number[] }): BudgetFormState {
  return {
    scope: b.scope,
    target: b.target ?? '',
    period: b.period,
    limitUsd: String(b.limitUsd),
    action: b.action,
    thresholds: b.thresholds.map((t) => String(Math.round(t * 10_000) / 100)).join(', '),
  };
}

/**
 * The BudgetInput of a form. A number that does not parse is sent as -1 (NaN is not JSON): the
 * server's issue then names the field (its checks are the one source of what is allowed).
 */
export function inputOf(f: BudgetFormState): { scope: string; target?: string; period: string; limitUsd: number; action: string; thresholds: number[] } {
  const number = (text: string) => {
    const n = Number(text.trim());
    return text.trim() === '' || !Number.isFinite(n) ? -1 : n;
  };
  const thresholds = f.thresholds
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((t) => number(t) / 100);
  return {
    scope: f.scope,
    ...(f.scope !== 'ORG' && { target: f.target.trim() }),
    period: f.period,
    limitUsd: number(f.limitUsd),
    action: f.action,
    thresholds,
  };
}

/** "task type summarize", "the org", for names and confirmations. */
export function budgetName(b: { scope: string; target?: string | null }): string {
  if (b.scope === 'ORG') return 'the org';
  const scope = SCOPES.find((s) => s.value === b.scope);
  return `${(scope?.target ?? b.scope).toLowerCase()} ${b.target ?? ''}`.trim();
}
