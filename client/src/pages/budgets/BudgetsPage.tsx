/**
 * Budgets (`/budgets`): each budget's spent and held against its limit in the current period, live:
 * read again when an alert is raised (a threshold reached), when calls change (holds taken and
 * settled; at most once a second) and every few seconds besides. Admins create, change and delete.
 */
import { createMutation, createQuery, createSubscription } from '@urql/solid';
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { Time } from '../../components/Time';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { formatUsd } from '../../lib/money';
import { throttle } from '../metrics/metrics-model';
import { budgetName, formOf, shares } from './budget-model';
import { BudgetForm } from './BudgetForm';
import { BudgetAlertSignals, BudgetCallSignals, BudgetsList, DeleteBudget, type BudgetRow } from './documents';
import './budgets.css';

const EVERY_MS = 5_000;
const CALLS_GAP_MS = 1_000;

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

function BudgetBar(props: { budget: BudgetRow }) {
  const s = () => shares(props.budget);
  return (
    <div
      class="budget-bar"
      role="meter"
      aria-valuemin={0}
      aria-valuemax={props.budget.limitUsd}
      aria-valuenow={props.budget.spentUsd}
      aria-label={`Spent ${formatUsd(props.budget.spentUsd)} and held ${formatUsd(props.budget.reservedUsd)} of ${formatUsd(props.budget.limitUsd)}`}
      classList={{ 'budget-over': s().used >= 1 }}
    >
      <span class="budget-spent" style={{ width: percent(s().spent) }} />
      <span class="budget-reserved" style={{ width: percent(s().reserved) }} />
      <For each={props.budget.thresholds.filter((t) => t < 1)}>{(t) => <span class="budget-mark" style={{ left: percent(t) }} title={`alert at ${percent(t)}`} />}</For>
    </div>
  );
}

export default function BudgetsPage() {
  const [result, refetch] = createQuery({ query: BudgetsList, requestPolicy: 'cache-and-network' });
  const again = () => refetch({ requestPolicy: 'network-only' });
  const timer = setInterval(again, EVERY_MS);
  const calls = throttle(again, CALLS_GAP_MS, {
    now: () => Date.now(),
    later: (fn, ms) => setTimeout(fn, ms),
    cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  });
  onCleanup(() => (clearInterval(timer), calls.cancel()));
  createSubscription({ query: BudgetAlertSignals }, (_previous: unknown, event: unknown) => (again(), event));
  createSubscription({ query: BudgetCallSignals }, (_previous: unknown, event: unknown) => (calls.trigger(), event));

  const admin = () => can('admin');
  const [editing, setEditing] = createSignal<BudgetRow | 'new' | null>(null);
  const [deleting, setDeleting] = createSignal<BudgetRow | null>(null);
  const [deleted, remove] = createMutation(DeleteBudget);
  const [deleteError, setDeleteError] = createSignal<string | null>(null);
  const confirmDelete = async () => {
    const b = deleting();
    if (!b) return;
    const r = await remove({ id: b.id });
    if (r.error) return setDeleteError(describeError(r.error)?.message ?? 'Not deleted.');
    setDeleting(null);
    again();
  };
  const budgets = () => result.data?.budgets ?? [];

  return (
    <div class="budgets-page">
      <header class="page-header">
        <h1>Budgets</h1>
        <span class="muted">What the calls each budget covers may cost in a period; calls in flight hold their worst case.</span>
        <span class="spacer" />
        <Show when={admin()}>
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            New budget
          </button>
        </Show>
      </header>
      <ErrorBox error={result.error} retry={again} />
      <Show when={result.data} fallback={<Show when={!result.error}><Loading label="Loading budgets…" /></Show>}>
        <Show when={budgets().length} fallback={<Empty>No budget yet. {admin() ? 'New budget sets a limit on what calls may cost.' : 'An admin can set one.'}</Empty>}>
          <div class="table-wrap">
            <table class="budgets-table" aria-label="Budgets">
              <thead>
                <tr>
                  <th>Covers</th>
                  <th>Period</th>
                  <th class="budget-bar-cell">Spent · held · limit</th>
                  <th class="num">Spent</th>
                  <th class="num" title="Held by calls in flight (their worst case)">Held</th>
                  <th class="num">Limit</th>
                  <th>When over</th>
                  <th>Since</th>
                  <Show when={admin()}>
                    <th>
                      <span class="sr-only">Actions</span>
                    </th>
                  </Show>
                </tr>
              </thead>
              <tbody>
                <For each={budgets()}>
                  {(b) => (
                    <tr data-budget-id={b.id}>
                      <td>{budgetName(b)}</td>
                      <td>{b.period.toLowerCase()}</td>
                      <td class="budget-bar-cell">
                        <BudgetBar budget={b} />
                      </td>
                      <td class="num" data-testid="budget-spent">{formatUsd(b.spentUsd)}</td>
                      <td class="num" data-testid="budget-reserved">{formatUsd(b.reservedUsd)}</td>
                      <td class="num" data-testid="budget-limit">{formatUsd(b.limitUsd)}</td>
                      <td>{b.action === 'WAIT' ? 'calls wait' : 'calls fail'}</td>
                      <td>
                        <Time value={b.periodStart} />
                      </td>
                      <Show when={admin()}>
                        <td class="row-actions">
                          <button type="button" class="small" onClick={() => setEditing(b)}>
                            Edit
                          </button>{' '}
                          <button type="button" class="small danger" onClick={() => (setDeleteError(null), setDeleting(b))}>
                            Delete
                          </button>
                        </td>
                      </Show>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
      <Show when={editing()} keyed>
        {(e) => (
          <BudgetForm
            {...(e !== 'new' && { id: e.id, initial: formOf(e) })}
            onClose={() => setEditing(null)}
            onSaved={() => (setEditing(null), again())}
          />
        )}
      </Show>
      <Show when={deleting()}>
        {(b) => (
          <ConfirmDialog title={`Delete the budget of ${budgetName(b())}?`} confirmLabel="Delete budget" busy={deleted.fetching} onCancel={() => setDeleting(null)} onConfirm={() => void confirmDelete()}>
            <p>Calls it covers are no longer held against it. Holds of calls in flight are given back as they end.</p>
            <Show when={deleteError()}>
              <p class="field-error" role="alert">
                {deleteError()}
              </p>
            </Show>
          </ConfirmDialog>
        )}
      </Show>
    </div>
  );
}
