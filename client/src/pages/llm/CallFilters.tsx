/**
 * The call list's filters: status chips, model and source (choices from the calls of the last
 * 7 days), who requested it, and a time range. Every change goes to the URL through `onChange`.
 */
import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { CALL_STATUSES, fromLocalInput, hasFilters, modelOfKey, RANGES, toLocalInput, type CallFilterValues } from './call-filter';
import { LlmFilterOptions } from './documents';

const WEEK_MS = 7 * 86_400_000;

function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}

export function CallFilters(props: { values: CallFilterValues; onChange: (values: CallFilterValues) => void }) {
  const [options] = createQuery({ query: LlmFilterOptions, variables: { since: new Date(Date.now() - WEEK_MS).toISOString() } });
  const models = () => uniqueSorted([...(options.data?.llmUsage.byModel.map((r) => modelOfKey(r.key)) ?? []), ...(props.values.model ?? [])]);
  const sources = () => uniqueSorted([...(options.data?.llmUsage.bySource.map((r) => r.key) ?? []), ...(props.values.source ?? [])]);
  const set = (patch: Partial<CallFilterValues>) => props.onChange({ ...props.values, ...patch });
  const toggleStatus = (status: string) => {
    const current = props.values.status ?? [];
    set({ status: current.includes(status) ? current.filter((s) => s !== status) : [...current, status] });
  };
  const one = (value: string) => (value ? [value] : undefined);

  return (
    <div class="filters llm-filters" role="group" aria-label="Filters">
      <div class="chips" role="group" aria-label="Status">
        <For each={CALL_STATUSES}>
          {(status) => (
            <button type="button" class="chip" aria-pressed={(props.values.status ?? []).includes(status)} onClick={() => toggleStatus(status)}>
              {status.toLowerCase()}
            </button>
          )}
        </For>
      </div>
      <label class="inline-field">
        <span>Model</span>
        <select value={props.values.model?.[0] ?? ''} onChange={(e) => set({ model: one(e.currentTarget.value) })}>
          <option value="">All models</option>
          <For each={models()}>{(m) => <option value={m}>{m}</option>}</For>
        </select>
      </label>
      <label class="inline-field">
        <span>Source</span>
        <select value={props.values.source?.[0] ?? ''} onChange={(e) => set({ source: one(e.currentTarget.value) })}>
          <option value="">All sources</option>
          <For each={sources()}>{(s) => <option value={s}>{s}</option>}</For>
        </select>
      </label>
      <label class="inline-field">
        <span>Requested by</span>
        <input
          type="search"
          placeholder="user id"
          value={props.values.requestedBy?.join(', ') ?? ''}
          onChange={(e) =>
            set({
              requestedBy: e.currentTarget.value
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            })
          }
        />
      </label>
      <label class="inline-field">
        <span>Time</span>
        <select
          value={props.values.range ?? ''}
          onChange={(e) => {
            const range = e.currentTarget.value;
            set(range === 'custom' ? { range, since: props.values.since ?? new Date(Date.now() - 3_600_000).toISOString() } : { range, since: undefined, until: undefined });
          }}
        >
          <For each={RANGES}>{(r) => <option value={r.value}>{r.label}</option>}</For>
        </select>
      </label>
      <Show when={props.values.range === 'custom'}>
        <label class="inline-field">
          <span>From</span>
          <input type="datetime-local" value={toLocalInput(props.values.since)} onChange={(e) => set({ since: fromLocalInput(e.currentTarget.value) })} />
        </label>
        <label class="inline-field">
          <span>To</span>
          <input type="datetime-local" value={toLocalInput(props.values.until)} onChange={(e) => set({ until: fromLocalInput(e.currentTarget.value) })} />
        </label>
      </Show>
      <Show when={hasFilters(props.values)}>
        <button type="button" class="link" onClick={() => props.onChange({})}>
          Clear filters
        </button>
      </Show>
    </div>
  );
}
