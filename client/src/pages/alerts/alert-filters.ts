/**
 * The alerts page's filters, kept in the URL: `show` (open, the default; acknowledged; all) and
 * `scheduleId` (`/alerts?scheduleId=…` is a deep link). Pure functions.
 */
// .js: this file is also compiled by the root project (its unit tests), which resolves like Node.
import type { FilterValues } from '../../lib/url-state.js';

export const ALERT_FILTER_SPEC = { show: 'string', scheduleId: 'string' } as const;

export type AlertUrlFilters = FilterValues<typeof ALERT_FILTER_SPEC>;

export const SHOW_OPTIONS = [
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'all', label: 'All' },
] as const;

export type AlertShow = (typeof SHOW_OPTIONS)[number]['value'];

/** What the URL asks to show; anything unknown reads as the default, open. */
export function showOf(values: AlertUrlFilters): AlertShow {
  return SHOW_OPTIONS.some((o) => o.value === values.show) ? (values.show as AlertShow) : 'open';
}

/** The `alerts` query's arguments for the URL's filters. */
export function alertVariables(values: AlertUrlFilters): { open?: boolean; scheduleId?: string } {
  const show = showOf(values);
  return {
    ...(show !== 'all' && { open: show === 'open' }),
    ...(values.scheduleId && { scheduleId: values.scheduleId }),
  };
}

/** The URL's `show` for a choice: the default is left out, so /alerts stays /alerts. */
export function showParam(show: AlertShow): string | undefined {
  return show === 'open' ? undefined : show;
}

const KIND_LABELS: Record<string, { label: string; tone: string }> = {
  CONSECUTIVE_FAILURES: { label: 'Consecutive failures', tone: 'bad' },
  SCHEDULER_STALLED: { label: 'Scheduler stalled', tone: 'waiting' },
  BUDGET_THRESHOLD: { label: 'Budget threshold', tone: 'waiting' },
};

export function kindLabel(kind: string): { label: string; tone: string } {
  return KIND_LABELS[kind] ?? { label: kind.toLowerCase().replace(/_/g, ' '), tone: 'muted' };
}
