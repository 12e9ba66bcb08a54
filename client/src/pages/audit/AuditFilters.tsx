/** The audit log's filter bar: every field of AuditFilter, written to the URL as it changes. */
import { createEffect, createSignal, For, on, onCleanup, Show, untrack } from 'solid-js';
import { fromLocalInput, hasFilters, KNOWN_ACTIONS, splitList, TARGET_TYPES, toLocalInput, type AuditUrlFilters } from './audit-filters';

/** A text box that commits after a pause in typing (or on Enter), and follows the URL when it changes elsewhere. */
function CommitInput(props: { value: string; label: string; placeholder: string; class?: string; onCommit: (text: string) => void; same: (a: string, b: string) => boolean }) {
  const [text, setText] = createSignal(props.value);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  // Only a change of the URL's value (back, "Clear filters") overwrites what is typed.
  createEffect(
    on(
      () => props.value,
      (outside) => {
        if (!props.same(outside, untrack(text))) setText(outside);
      },
      { defer: true },
    ),
  );
  const commit = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!props.same(props.value, text())) props.onCommit(text());
  };
  return (
    <input
      type="search"
      class={props.class}
      aria-label={props.label}
      placeholder={props.placeholder}
      value={text()}
      onInput={(e) => {
        setText(e.currentTarget.value);
        clearTimeout(timer);
        timer = setTimeout(commit, 400);
      }}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      onBlur={commit}
    />
  );
}

const RANGES = [
  { label: '1 h', ms: 3_600_000 },
  { label: '24 h', ms: 86_400_000 },
  { label: '7 d', ms: 7 * 86_400_000 },
];

export function AuditFilters(props: { values: AuditUrlFilters; onChange: (patch: Partial<AuditUrlFilters>) => void; onClear: () => void }) {
  const actions = () => props.values.action ?? [];
  const toggleAction = (action: string, on: boolean) => {
    const next = on ? [...actions(), action] : actions().filter((a) => a !== action);
    props.onChange({ action: next.length ? next : undefined });
  };
  const actionLabel = () => {
    const list = actions();
    if (!list.length) return 'Any action';
    return list.length === 1 ? list[0]! : `${list.length} actions`;
  };
  // The action menu closes like a menu: Escape, or a click elsewhere.
  let menu!: HTMLDetailsElement;
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !menu.open) return;
    e.preventDefault();
    menu.open = false;
    menu.querySelector('summary')?.focus();
  };
  const closeOutside = (e: MouseEvent) => {
    if (menu.open && !menu.contains(e.target as Node)) menu.open = false;
  };
  document.addEventListener('click', closeOutside);
  onCleanup(() => document.removeEventListener('click', closeOutside));
  const sameList = (a: string, b: string) => splitList(a).join(',') === splitList(b).join(',');
  return (
    <div class="filters audit-filters" role="search" aria-label="Filter the audit log">
      <CommitInput
        label="Actor"
        placeholder="Actor (a, b …)"
        class="audit-actor"
        value={(props.values.actor ?? []).join(', ')}
        same={sameList}
        onCommit={(text) => props.onChange({ actor: splitList(text) })}
      />
      <details class="menu" ref={menu} onKeyDown={closeOnEscape}>
        <summary>
          Action: <strong>{actionLabel()}</strong>
        </summary>
        <div class="menu-panel">
          <For each={Object.entries(KNOWN_ACTIONS)}>
            {([type, list]) => (
              <fieldset>
                <legend>{type}</legend>
                <For each={list}>
                  {(action) => (
                    <label class="check">
                      <input type="checkbox" checked={actions().includes(action)} onChange={(e) => toggleAction(action, e.currentTarget.checked)} />
                      {action}
                    </label>
                  )}
                </For>
              </fieldset>
            )}
          </For>
          {/* Actions from a shared link that this list does not know stay visible and removable. */}
          <For each={actions().filter((a) => !Object.values(KNOWN_ACTIONS).flat().includes(a))}>
            {(action) => (
              <label class="check">
                <input type="checkbox" checked onChange={() => toggleAction(action, false)} />
                {action}
              </label>
            )}
          </For>
        </div>
      </details>
      <select aria-label="Target type" onChange={(e) => props.onChange({ targetType: e.currentTarget.value || undefined })}>
        <option value="" selected={!props.values.targetType}>
          Any target type
        </option>
        <For each={[...new Set([...TARGET_TYPES, ...(props.values.targetType ? [props.values.targetType] : [])])]}>
          {(type) => (
            <option value={type} selected={type === props.values.targetType}>
              {type}
            </option>
          )}
        </For>
      </select>
      <CommitInput
        label="Target id"
        placeholder="Target id"
        class="audit-target"
        value={props.values.targetId ?? ''}
        same={(a, b) => a.trim() === b.trim()}
        onCommit={(text) => props.onChange({ targetId: text.trim() || undefined })}
      />
      <span class="audit-range" role="group" aria-label="Time range">
        <label class="inline">
          From
          <input type="datetime-local" value={toLocalInput(props.values.since)} onChange={(e) => props.onChange({ since: fromLocalInput(e.currentTarget.value) })} />
        </label>
        <label class="inline">
          To
          <input type="datetime-local" value={toLocalInput(props.values.until)} onChange={(e) => props.onChange({ until: fromLocalInput(e.currentTarget.value) })} />
        </label>
        <span class="audit-ranges" role="group" aria-label="Quick ranges">
          <For each={RANGES}>
            {(range) => (
              <button type="button" class="chip" title={`Entries of the last ${range.label}`} onClick={() => props.onChange({ since: new Date(Date.now() - range.ms).toISOString(), until: undefined })}>
                Last {range.label}
              </button>
            )}
          </For>
        </span>
      </span>
      <Show when={hasFilters(props.values)}>
        <button type="button" class="link" onClick={() => props.onClear()}>
          Clear filters
        </button>
      </Show>
    </div>
  );
}
