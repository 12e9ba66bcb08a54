/** The schedules filter bar: enabled or not, task type, how the last run ended, and a search. */
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { hasFilters, LAST_STATUS_CHIPS, type ScheduleFilters as Filters } from './filters';

export interface ScheduleFiltersProps {
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
  types: readonly { type: string }[];
}

const SEARCH_DELAY_MS = 300;

export function ScheduleFilters(props: ScheduleFiltersProps) {
  const last = () => props.filters.last ?? [];
  const toggleLast = (status: string) => {
    const next = last().includes(status) ? last().filter((s) => s !== status) : [...last(), status];
    props.onChange({ last: next.length ? next : undefined });
  };

  // The search writes to the URL once typing pauses, and at once on Enter.
  const [search, setSearch] = createSignal(props.filters.q ?? '');
  createEffect(on(() => props.filters.q, (q) => setSearch(q ?? ''), { defer: true }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const commitSearch = () => {
    clearTimeout(timer);
    const value = search().trim();
    if (value !== (props.filters.q ?? '')) props.onChange({ q: value || undefined });
  };
  onCleanup(() => clearTimeout(timer));

  const type = () => props.filters.type?.[0] ?? '';

  return (
    <div class="filters schedules-filters" role="search">
      <input
        type="search"
        aria-label="Search schedules"
        placeholder="Search name or description…"
        value={search()}
        onInput={(e) => {
          setSearch(e.currentTarget.value);
          clearTimeout(timer);
          timer = setTimeout(commitSearch, SEARCH_DELAY_MS);
        }}
        onKeyDown={(e) => e.key === 'Enter' && commitSearch()}
      />
      <div class="chips" role="group" aria-label="Enabled">
        <button type="button" class="chip" aria-pressed={props.filters.enabled === undefined} onClick={() => props.onChange({ enabled: undefined })}>
          All
        </button>
        <button type="button" class="chip" aria-pressed={props.filters.enabled === true} onClick={() => props.onChange({ enabled: true })}>
          Enabled
        </button>
        <button type="button" class="chip" aria-pressed={props.filters.enabled === false} onClick={() => props.onChange({ enabled: false })}>
          Disabled
        </button>
      </div>
      <select aria-label="Filter by task type" value={type()} onChange={(e) => props.onChange({ type: e.currentTarget.value ? [e.currentTarget.value] : undefined })}>
        <option value="">All task types</option>
        <For each={props.types}>{(t) => <option value={t.type} selected={t.type === type()}>{t.type}</option>}</For>
        {/* A type from the URL that is not (or no longer) registered stays selectable. */}
        <Show when={type() && !props.types.some((t) => t.type === type())}>
          <option value={type()} selected>{type()}</option>
        </Show>
      </select>
      <div class="chips" role="group" aria-label="Last run">
        <span class="muted chips-label">Last run:</span>
        <For each={LAST_STATUS_CHIPS}>
          {(status) => (
            <button type="button" class="chip" aria-pressed={last().includes(status)} onClick={() => toggleLast(status)}>
              {status.replace('_', ' ').toLowerCase()}
            </button>
          )}
        </For>
      </div>
      <Show when={hasFilters(props.filters)}>
        <button type="button" class="link" onClick={() => props.onChange({ enabled: undefined, type: undefined, last: undefined, q: undefined })}>
          Clear filters
        </button>
      </Show>
    </div>
  );
}
