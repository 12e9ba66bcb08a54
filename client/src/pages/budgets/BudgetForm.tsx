/**
 * Create or change a budget (admins): scope and target, period, limit, what a refused call does, and
 * the alert thresholds. The server checks the input; its BAD_USER_INPUT issues show under the fields
 * they name until the field is edited.
 */
import { createMutation } from '@urql/solid';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { Drawer } from '../../components/Drawer';
import { describeError, issueFor, type Issue } from '../../lib/errors';
import { budgetName, inputOf, NEW_BUDGET, PERIODS, SCOPES, type BudgetFormState } from './budget-model';
import { CreateBudget, UpdateBudget } from './documents';
import type { BudgetScope, BudgetPeriod, BudgetAction } from '../../gql/graphql';

function Field(props: { id: string; label: string; error?: string | undefined; hint?: string; children: JSX.Element }) {
  return (
    <div class="field" classList={{ invalid: Boolean(props.error) }}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      <Show when={props.hint}>
        <span class="hint">{props.hint}</span>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`} data-testid={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

export function BudgetForm(props: { id?: string; initial?: BudgetFormState; onClose: () => void; onSaved: () => void }) {
  const [form, setForm] = createSignal<BudgetFormState>(props.initial ?? NEW_BUDGET);
  const [issues, setIssues] = createSignal<Issue[]>([]);
  const [message, setMessage] = createSignal<string | null>(null);
  const [created, create] = createMutation(CreateBudget);
  const [updated, update] = createMutation(UpdateBudget);
  const busy = () => created.fetching || updated.fetching;
  const issue = (field: string) => issueFor(issues(), field, 'input');
  const set = (field: keyof BudgetFormState, value: string) => {
    setForm({ ...form(), [field]: value });
    setIssues(issues().filter((i) => !(i.path === `input.${field}` || i.path.startsWith(`input.${field}.`))));
  };
  const scope = () => SCOPES.find((s) => s.value === form().scope) ?? SCOPES[0];

  const submit = async (event: Event) => {
    event.preventDefault();
    setMessage(null);
    const built = inputOf(form());
    const input = { ...built, scope: built.scope as BudgetScope, period: built.period as BudgetPeriod, action: built.action as BudgetAction };
    const result = props.id ? await update({ id: props.id, input }) : await create({ input });
    const shown = describeError(result.error);
    if (shown) {
      setIssues(shown.issues);
      setMessage(shown.issues.length ? 'Not saved: fix the marked fields.' : shown.message);
      return;
    }
    props.onSaved();
  };

  return (
    <Drawer title={props.id ? `Budget of ${budgetName({ scope: form().scope, target: form().target })}` : 'New budget'} onClose={props.onClose}>
      <form class="budget-form" onSubmit={(e) => void submit(e)} novalidate>
        <Field id="budget-scope" label="Covers" error={issue('scope')}>
          <select id="budget-scope" value={form().scope} onChange={(e) => set('scope', e.currentTarget.value)}>
            <For each={SCOPES}>{(s) => <option value={s.value}>{s.label}</option>}</For>
          </select>
        </Field>
        <Show when={form().scope !== 'ORG'}>
          <Field id="budget-target" label={scope().target} error={issue('target')}>
            <input id="budget-target" value={form().target} onInput={(e) => set('target', e.currentTarget.value)} />
          </Field>
        </Show>
        <Field id="budget-period" label="Period" error={issue('period')}>
          <select id="budget-period" value={form().period} onChange={(e) => set('period', e.currentTarget.value)}>
            <For each={PERIODS}>{(p) => <option value={p.value}>{p.label}</option>}</For>
          </select>
        </Field>
        <Field id="budget-limit" label="Limit (USD)" error={issue('limitUsd')}>
          <input id="budget-limit" inputmode="decimal" value={form().limitUsd} onInput={(e) => set('limitUsd', e.currentTarget.value)} />
        </Field>
        <Field id="budget-action" label="A call that would pass the limit" error={issue('action')}>
          <select id="budget-action" value={form().action} onChange={(e) => set('action', e.currentTarget.value)}>
            <option value="FAIL">fails at once (BUDGET_EXCEEDED)</option>
            <option value="WAIT">waits until the period rolls over</option>
          </select>
        </Field>
        <Field id="budget-thresholds" label="Alert at (% of the limit)" error={issue('thresholds')} hint="Comma-separated; each raises one alert per period.">
          <input id="budget-thresholds" value={form().thresholds} onInput={(e) => set('thresholds', e.currentTarget.value)} />
        </Field>
        <Show when={message()}>
          <p class="field-error" role="alert">
            {message()}
          </p>
        </Show>
        <div class="form-actions">
          <button type="button" onClick={() => props.onClose()}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? 'Saving…' : props.id ? 'Save budget' : 'Create budget'}
          </button>
        </div>
      </form>
    </Drawer>
  );
}
