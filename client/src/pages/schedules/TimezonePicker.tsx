/**
 * An IANA time zone picked from Intl's list with search (a combobox: type to filter, arrows to move,
 * Enter to choose, Escape to close the list without closing the drawer). Text that is not in the list
 * is kept as typed, and the server says whether it knows it.
 */
import { createMemo, createSignal, createUniqueId, For, Show } from 'solid-js';
import { browserZone, knownZones, offsetLabel } from './zoned-time';

const MAX_SHOWN = 60;
let zonesCache: string[] | undefined;
const zones = () => (zonesCache ??= knownZones());

export interface TimezonePickerProps {
  id: string;
  value: string;
  onChange: (zone: string) => void;
  describedBy?: string | undefined;
  invalid?: boolean;
}

export function TimezonePicker(props: TimezonePickerProps) {
  const listId = `tz-list-${createUniqueId()}`;
  const [text, setText] = createSignal<string | null>(null);
  const [open, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(0);
  const shown = () => text() ?? props.value;
  const matches = createMemo(() => {
    const query = (text() ?? '').trim().toLowerCase().replace(/\s+/g, '_');
    const all = zones();
    const found = query ? all.filter((z) => z.toLowerCase().includes(query)) : all;
    return found.slice(0, MAX_SHOWN);
  });
  const optionId = (i: number) => `${listId}-${i}`;

  const choose = (zone: string) => {
    setText(null);
    setOpen(false);
    if (zone !== props.value) props.onChange(zone);
  };
  const commitTyped = () => {
    const typed = text();
    setOpen(false);
    if (typed === null) return;
    const exact = zones().find((z) => z.toLowerCase() === typed.trim().toLowerCase());
    choose(exact ?? typed.trim());
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const list = matches();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open()) return void (setOpen(true), setActive(0));
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.max(0, Math.min(list.length - 1, i + step)));
      document.getElementById(optionId(active()))?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open() && list[active()]) choose(list[active()]!);
      else commitTyped();
    } else if (e.key === 'Escape' && open()) {
      // Close the list only; the drawer stays open.
      e.preventDefault();
      e.stopPropagation();
      setText(null);
      setOpen(false);
    }
  };

  const browser = browserZone();
  return (
    <div class="tz-picker">
      <div class="tz-input-row">
        <input
          id={props.id}
          type="text"
          role="combobox"
          autocomplete="off"
          spellcheck={false}
          aria-expanded={open()}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open() && matches().length ? optionId(active()) : undefined}
          aria-describedby={props.describedBy}
          aria-invalid={props.invalid || undefined}
          value={shown()}
          onFocus={(e) => e.currentTarget.select()}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => commitTyped()}
        />
        <span class="tz-offset muted" title="The zone's offset from UTC now">
          {safeOffset(props.value)}
        </span>
      </div>
      <Show when={open()}>
        <ul class="tz-list" id={listId} role="listbox" aria-label="Time zones">
          <For each={matches()} fallback={<li class="tz-none muted">No zone matches; the text is kept as typed.</li>}>
            {(zone, i) => (
              <li
                id={optionId(i())}
                role="option"
                aria-selected={i() === active()}
                classList={{ active: i() === active() }}
                // mousedown, not click: the input's blur would commit the typed text first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(zone);
                }}
              >
                <span>{zone.replace(/_/g, ' ')}</span>
                <span class="muted">{safeOffset(zone)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="tz-quick">
        <button type="button" class="link" onClick={() => choose(browser)} disabled={props.value === browser}>
          Your zone ({browser})
        </button>
        <Show when={browser !== 'UTC'}>
          <button type="button" class="link" onClick={() => choose('UTC')} disabled={props.value === 'UTC'}>
            UTC
          </button>
        </Show>
      </div>
    </div>
  );
}

function safeOffset(zone: string): string {
  try {
    return offsetLabel(zone);
  } catch {
    return '';
  }
}
