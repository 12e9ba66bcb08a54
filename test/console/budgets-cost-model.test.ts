/** The Budgets page's arithmetic and form (client/src/pages/budgets/budget-model.ts) and the stacked cost series of the metrics page. */
import { describe, expect, test } from 'vitest';
import { budgetName, formOf, inputOf, NEW_BUDGET, shares } from '../../client/src/pages/budgets/budget-model.js';
import { stackedCost } from '../../client/src/pages/metrics/metrics-model.js';
import { formatCallCost, formatUsd } from '../../client/src/lib/money.js';

describe('budget figures', () => {
  test('spent and held as shares of the limit, capped so the bar never overflows; used may pass 1', () => {
    expect(shares({ limitUsd: 10, spentUsd: 2.5, reservedUsd: 1 })).toEqual({ spent: 0.25, reserved: 0.1, used: 0.35 });
    expect(shares({ limitUsd: 10, spentUsd: 9, reservedUsd: 3 })).toEqual({ spent: 0.9, reserved: expect.closeTo(0.1, 9), used: 1.2 });
    expect(shares({ limitUsd: 10, spentUsd: 12, reservedUsd: 1 })).toMatchObject({ spent: 1, reserved: 0 });
    expect(shares({ limitUsd: 0, spentUsd: 1, reservedUsd: 1 })).toEqual({ spent: 0, reserved: 0, used: 0 });
  });

  test('the form: thresholds in percent both ways, no target for the org, what does not parse sent so the server names the field', () => {
    const budget = { scope: 'TASK_TYPE', target: 'summarize', period: 'MONTH', limitUsd: 12.5, action: 'WAIT', thresholds: [0.5, 0.875, 1] };
    const form = formOf(budget);
    expect(form).toEqual({ scope: 'TASK_TYPE', target: 'summarize', period: 'MONTH', limitUsd: '12.5', action: 'WAIT', thresholds: '50, 87.5, 100' });
    expect(inputOf(form)).toEqual(budget);
    expect(inputOf({ ...NEW_BUDGET, target: 'ignored', limitUsd: 'lots', thresholds: '50, x,' })).toEqual({
      scope: 'ORG',
      period: 'DAY',
      limitUsd: -1,
      action: 'FAIL',
      thresholds: [0.5, -0.01],
    });
    expect(budgetName({ scope: 'ORG' })).toBe('the org');
    expect(budgetName({ scope: 'SCHEDULE', target: 'sch-1' })).toBe('schedule id sch-1');
  });
});

describe('money and cost series', () => {
  test('dollars: cents at least, more places only when they say something; unpriced is never free', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(0.0005)).toBe('$0.0005');
    expect(formatUsd(0.000001)).toBe('$0.000001');
    expect(formatCallCost(null, false)).toBe('unpriced');
    expect(formatCallCost(null, true)).toBe('…');
    expect(formatCallCost(0, true)).toBe('$0.00');
  });

  test('stacked cost: the dearest keys as they are, the rest summed as one', () => {
    const s = (key: string, values: number[]) => ({ key, totalUsd: values.reduce((a, b) => a + b, 0), points: values.map((value, i) => ({ at: `t${i}`, value })) });
    const series = [s('a', [1, 0]), s('b', [5, 5]), s('c', [0, 2]), s('d', [0.5, 0])];
    expect(stackedCost(series, 4)).toEqual([
      { label: 'b', data: [5, 5] },
      { label: 'c', data: [0, 2] },
      { label: 'a', data: [1, 0] },
      { label: 'd', data: [0.5, 0] },
    ]);
    expect(stackedCost(series, 3)).toEqual([
      { label: 'b', data: [5, 5] },
      { label: 'c', data: [0, 2] },
      { label: '2 other', data: [1.5, 0] },
    ]);
  });
});
