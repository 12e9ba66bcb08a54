/** The filter bar of the jobs list: status chips, task type, search, created time range. */
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import type { JobStatus } from '../../gql/graphql';
import { fromLocalInput, hasFilters, RANGES, STATUSES, toLocalInput, type JobFilters as Filters } from './filters';

export interface JobFiltersProps {
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
  types: readonly { type: string; title?: string | null }[];
}

const SEARCH_DELAY_MS = 300;

export function JobFilters(props: JobFiltersProps) {
  const statuses = () => (props.filters.status ?? []) as JobStatus[];
  const toggleStatus = (status: JobStatus) => {
    const current = statuses();
    const next = current.includes(status) ? current.filter((s) => s !== status) : [...current, status];
    props.onChange({ status: next.length ? next : undefined });
  };

  // The search box writes to the URL once typing pauses, and at once on Enter.
  const [search, setSearch] = createSignal(props.filters.q ?? '');
  createEffect(on(() => props.filters.q, (q) => setSearch(q ?? ''), { defer: true }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const commitSearch = () => {
    clearTimeout(timer);
    const value = search().trim();
    if (value !== (props.filters.q ?? '')) props.onChange({ q: value || undefined });
  };
  onCleanup(() => clearTimeout(timer));

  const setRange = (range: string) => {
    if (range === 'custom') {
      props.onChange({ range, since: props.filters.since ?? new Date(Date.now() - 86_400_000).toISOString(), until: props.filters.until });
    } else {
      props.onChange({ range: range || undefined, since: undefined, until: undefined });
    }
  };

  return (
    <div class="filters jobs-filters" role="search">
      <div class="chips" role="group" aria-label="Status">
        <button type="button" class="chip" aria-pressed={statuses().length === 0} onClick={() => props.onChange({ status: undefined })}>
          All
        </button>
        <For each={STATUSES}>
          {(status) => (
            <button type="button" class="chip" aria-pressed={statuses().includes(status)} onClick={() => toggleStatus(status)}>
              {status.toLowerCase()}
            </button>
          )}
        </For>
      </div>
      <select
        aria-label="Filter by task type"
        onChange={(e) => props.onChange({ type: e.currentTarget.value ? [e.currentTarget.value] : undefined })}
      >
        {/* `selected` on the options, not `value` on the select: the types arrive after the URL's filter. */}
        <option value="" selected={!props.filters.type?.length}>
          All types
        </option>
        <For each={props.types}>
          {(t) => (
            <option value={t.type} selected={props.filters.type?.[0] === t.type}>
              {t.type}
            </option>
          )}
        </For>
        {/* A type from the URL that is not (or no longer) registered stays selectable. */}
        <Show when={props.filters.type?.[0] && !props.types.some((t) => t.type === props.filters.type?.[0])}>
          <option value={props.filters.type![0]} selected>
            {props.filters.type![0]}
          </option>
        </Show>
      </select>
      <input
        type="search"
        aria-label="Search jobs"
        placeholder="Search id, type, payload…"
        title="An id, a type, or text in the payload or errors"
        value={search()}
        onInput={(e) => {
          setSearch(e.currentTarget.value);
          clearTimeout(timer);
          timer = setTimeout(commitSearch, SEARCH_DELAY_MS);
        }}
        onKeyDown={(e) => e.key === 'Enter' && commitSearch()}
      />
      <select aria-label="Created within" value={props.filters.range ?? ''} onChange={(e) => setRange(e.currentTarget.value)}>
        <option value="">Any time</option>
        <For each={RANGES}>{(r) => <option value={r.value}>{r.label}</option>}</For>
        <option value="custom">Custom…</option>
      </select>
      <Show when={props.filters.range === 'custom'}>
        <label class="inline-field">
          <span>Since</span>
          <input
            type="datetime-local"
            aria-label="Created since"
            value={toLocalInput(props.filters.since)}
            onChange={(e) => props.onChange({ since: fromLocalInput(e.currentTarget.value) })}
          />
        </label>
        <label class="inline-field">
          <span>Until</span>
          <input
            type="datetime-local"
            aria-label="Created until"
            value={toLocalInput(props.filters.until)}
            onChange={(e) => props.onChange({ until: fromLocalInput(e.currentTarget.value) })}
          />
        </label>
      </Show>
      <Show when={hasFilters(props.filters)}>
        <button
          type="button"
          class="link"
          onClick={() => {
            setSearch('');
            props.onChange({ status: undefined, type: undefined, q: undefined, range: undefined, since: undefined, until: undefined });
          }}
        >
          Clear filters
        </button>
      </Show>
    </div>
  );
}
