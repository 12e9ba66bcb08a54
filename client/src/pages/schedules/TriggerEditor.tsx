/**
 * The trigger part of the editor: kind (cron, interval, once), its field, the time zone, and the next
 * five fire times from the server's `previewTrigger` (debounced), shown in the schedule's zone and in
 * the browser's. The server's messages (trigger.cron ...) appear under the field they are about.
 */
import { useClient } from '@urql/solid';
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { describeError, type Issue } from '../../lib/errors';
import { formatRelative } from '../../lib/time';
import { formatSeconds, toSeconds, UNITS, type Unit } from './durations';
import { PreviewTrigger } from './documents';
import { issueAt, triggerInputOf, type TriggerKind, type TriggerState } from './editor-state';
import { TimezonePicker } from './TimezonePicker';
import { describeCron } from './trigger-words';
import { browserZone, formatInZone, offsetLabel, wallToInstant } from './zoned-time';

const PREVIEW_DELAY_MS = 350;

const KINDS: { kind: TriggerKind; label: string }[] = [
  { kind: 'CRON', label: 'Cron' },
  { kind: 'INTERVAL', label: 'Interval' },
  { kind: 'ONCE', label: 'Once' },
];

const PRESETS = [
  { cron: '* * * * *', label: 'Every minute' },
  { cron: '*/5 * * * *', label: 'Every 5 minutes' },
  { cron: '0 * * * *', label: 'Every hour' },
  { cron: '0 9 * * *', label: 'Every day at 09:00' },
  { cron: '0 9 * * 1-5', label: 'Weekdays at 09:00' },
  { cron: '0 9 * * 1', label: 'Mondays at 09:00' },
  { cron: '0 0 1 * *', label: 'First of the month at 00:00' },
];

interface Preview {
  /** The trigger (as JSON) the answer is about. */
  key: string;
  times?: string[];
  issues: Issue[];
  error?: string;
}

export interface TriggerEditorProps {
  idPrefix: string;
  value: TriggerState;
  onChange: (patch: Partial<TriggerState>) => void;
  /** The save's issues about the trigger, while the trigger is as it was saved. */
  issues: readonly Issue[];
  disabled?: boolean;
  /**
   * Where an unchanged INTERVAL of a saved schedule counts from (its next run minus one interval):
   * previewTrigger counts from `from`, and the schedule's grid is not "now".
   */
  previewFrom?: string | undefined;
}

export function TriggerEditor(props: TriggerEditorProps) {
  const client = useClient();
  const id = (name: string) => `${props.idPrefix}-${name}`;
  const built = createMemo(() => triggerInputOf(props.value));
  const key = createMemo(() => JSON.stringify([built().trigger ?? null, props.previewFrom ?? null]));
  const [preview, setPreview] = createSignal<Preview | null>(null);
  const [checking, setChecking] = createSignal(false);
  const browser = browserZone();

  // The preview follows the trigger once typing pauses; a late answer about an older trigger is dropped.
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(key, (k) => {
      clearTimeout(timer);
      const trigger = built().trigger;
      if (!trigger || (trigger.kind === 'CRON' && !trigger.cron)) {
        setPreview(null);
        setChecking(false);
        return;
      }
      setChecking(true);
      timer = setTimeout(async () => {
        const result = await client.query(PreviewTrigger, { trigger, count: 5, from: props.previewFrom ?? null }, { requestPolicy: 'network-only' }).toPromise();
        if (k !== key()) return;
        setChecking(false);
        const shown = describeError(result.error);
        if (shown) {
          const issues = shown.issues.filter((i) => i.path.startsWith('trigger'));
          setPreview({ key: k, issues, ...(issues.length === 0 && { error: shown.message }) });
        } else setPreview({ key: k, times: result.data?.previewTrigger ?? [], issues: [] });
      }, PREVIEW_DELAY_MS);
    }),
  );
  onCleanup(() => clearTimeout(timer));

  const current = () => (preview()?.key === key() ? preview() : null);
  const message = (field: string) => {
    const path = `trigger.${field}`;
    return issueAt(built().issues, path) ?? issueAt(current()?.issues ?? [], path) ?? issueAt(props.issues, path);
  };
  const describedBy = (field: string, hint = true) => [hint && id(`${field}-hint`), message(field) && id(`${field}-error`)].filter(Boolean).join(' ') || undefined;
  const FieldError = (p: { field: string }) => (
    <Show when={message(p.field)}>
      <p class="field-error" id={id(`${p.field}-error`)}>
        {message(p.field)}
      </p>
    </Show>
  );

  const cronWords = () => (props.value.cron.trim() ? describeCron(props.value.cron) : null);
  const intervalSeconds = () => toSeconds(props.value.intervalValue, props.value.intervalUnit);
  const once = () => (props.value.onceLocal ? wallToInstant(props.value.onceLocal, props.value.timezone || 'UTC') : null);
  const zone = () => props.value.timezone || 'UTC';
  const zoneValid = () => !message('timezone');

  return (
    <fieldset class="trigger-editor" disabled={props.disabled}>
      <legend>Trigger</legend>
      <div class="segmented" role="radiogroup" aria-label="Trigger kind">
        <For each={KINDS}>
          {(k) => (
            <label classList={{ checked: props.value.kind === k.kind }}>
              <input type="radio" name={id('kind')} value={k.kind} checked={props.value.kind === k.kind} onChange={() => props.onChange({ kind: k.kind })} />
              {k.label}
            </label>
          )}
        </For>
      </div>

      <Show when={props.value.kind === 'CRON'}>
        <div class="field" classList={{ invalid: Boolean(message('cron')) }}>
          <label for={id('cron')}>Cron expression</label>
          <div class="cron-row">
            <input
              id={id('cron')}
              class="mono cron-input"
              type="text"
              spellcheck={false}
              autocomplete="off"
              placeholder="0 9 * * *"
              value={props.value.cron}
              aria-invalid={Boolean(message('cron')) || undefined}
              aria-describedby={describedBy('cron')}
              onInput={(e) => props.onChange({ cron: e.currentTarget.value })}
            />
            <select
              aria-label="Common crons"
              onChange={(e) => {
                const cron = e.currentTarget.value;
                e.currentTarget.value = '';
                if (cron) props.onChange({ cron });
              }}
            >
              <option value="">Common…</option>
              <For each={PRESETS}>{(p) => <option value={p.cron}>{p.label}</option>}</For>
            </select>
          </div>
          <span class="hint" id={id('cron-hint')}>
            <Show when={cronWords()} fallback="minute hour day-of-month month day-of-week (seconds first if 6 fields); @daily, @hourly…">
              {cronWords()}, {zone()} time
            </Show>
          </span>
          <FieldError field="cron" />
        </div>
      </Show>

      <Show when={props.value.kind === 'INTERVAL'}>
        <div class="field" classList={{ invalid: Boolean(message('intervalSeconds')) }}>
          <label for={id('interval')}>Every</label>
          <div class="unit-row">
            <input
              id={id('interval')}
              type="number"
              min="1"
              step="any"
              value={props.value.intervalValue}
              aria-invalid={Boolean(message('intervalSeconds')) || undefined}
              aria-describedby={describedBy('intervalSeconds')}
              onInput={(e) => props.onChange({ intervalValue: e.currentTarget.value })}
            />
            <select aria-label="Interval unit" value={props.value.intervalUnit} onChange={(e) => props.onChange({ intervalUnit: e.currentTarget.value as Unit })}>
              <For each={UNITS}>{(u) => <option value={u.unit} selected={u.unit === props.value.intervalUnit}>{u.label}</option>}</For>
            </select>
          </div>
          <span class="hint" id={id('intervalSeconds-hint')}>
            <Show when={intervalSeconds()} fallback="1 second to a year">
              {(s) => `${s().toLocaleString()} s (every ${formatSeconds(s())}), on real time ${props.previewFrom ? 'on the schedule’s grid' : 'from when it is saved'}`}
            </Show>
          </span>
          <FieldError field="intervalSeconds" />
        </div>
      </Show>

      <Show when={props.value.kind === 'ONCE'}>
        <div class="field" classList={{ invalid: Boolean(message('at')) }}>
          <label for={id('at')}>At ({zone()} time)</label>
          <input
            id={id('at')}
            type="datetime-local"
            value={props.value.onceLocal}
            aria-invalid={Boolean(message('at')) || undefined}
            aria-describedby={describedBy('at')}
            onInput={(e) => props.onChange({ onceLocal: e.currentTarget.value })}
          />
          <span class="hint" id={id('at-hint')}>
            <Show when={once()} fallback={`A date and time as a clock in ${zone()} shows it`}>
              {(r) => (
                <>
                  {zone() === browser ? 'Your time' : `= ${formatInZone(r().at, browser)} your time (${browser})`}
                  {r().note === 'gap' && ` · that time does not exist in ${zone()} that day (clocks go forward); read as ${formatInZone(r().at, zone())}`}
                  {r().note === 'repeated' && ` · that time happens twice in ${zone()} that day (clocks go back); the first one`}
                </>
              )}
            </Show>
          </span>
          <FieldError field="at" />
        </div>
      </Show>

      <div class="field" classList={{ invalid: Boolean(message('timezone')) }}>
        <label for={id('timezone')}>Time zone</label>
        <TimezonePicker id={id('timezone')} value={props.value.timezone} onChange={(timezone) => props.onChange({ timezone })} describedBy={describedBy('timezone')} invalid={Boolean(message('timezone'))} />
        <span class="hint" id={id('timezone-hint')}>
          {props.value.kind === 'CRON'
            ? 'The cron is read on this zone’s clock, daylight saving time included.'
            : props.value.kind === 'ONCE'
              ? 'The date and time above are read in this zone.'
              : 'For display only: an interval runs on real time.'}
        </span>
        <FieldError field="timezone" />
      </div>

      <section class="trigger-preview" aria-label="Next fire times" aria-busy={checking()}>
        <h4>
          Next fire times
          <Show when={checking()}>
            <span class="spinner" aria-label="Checking" />
          </Show>
        </h4>
        <Show when={current()?.error}>
          <p class="state state-error" role="alert">
            The preview failed: {current()!.error}
          </p>
        </Show>
        <Show when={current()?.times} fallback={
            <Show when={!checking() && !current()?.error}>
              <p class="muted">{current()?.issues.length || built().issues.length ? 'Fix the trigger to see when it fires.' : previewPrompt(props.value)}</p>
            </Show>
          }
        >
          {(times) => (
            <Show when={times().length > 0} fallback={<p class="muted">This trigger does not fire again.</p>}>
              <table class="preview-table">
                <thead>
                  <tr>
                    <th scope="col">{zoneHeader(zone(), zoneValid(), times()[0]!)}</th>
                    <Show when={zone() !== browser}>
                      <th scope="col">Your time ({browser})</th>
                    </Show>
                    <th scope="col" />
                  </tr>
                </thead>
                <tbody>
                  <For each={times()}>
                    {(iso) => (
                      <tr title={new Date(iso).toISOString()}>
                        <td>{formatInZone(Date.parse(iso), zone())}</td>
                        <Show when={zone() !== browser}>
                          <td>{formatInZone(Date.parse(iso), browser)}</td>
                        </Show>
                        <td class="muted">{formatRelative(iso)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <Show when={times().length < 5}>
                <p class="muted">No more after {times().length === 1 ? 'this one' : 'these'}.</p>
              </Show>
            </Show>
          )}
        </Show>
      </section>
    </fieldset>
  );
}

function previewPrompt(t: TriggerState): string {
  if (t.kind === 'CRON') return 'Enter a cron expression to see when it fires.';
  if (t.kind === 'ONCE') return 'Pick a date and time.';
  return 'Enter an interval.';
}

function zoneHeader(zone: string, valid: boolean, firstIso: string): string {
  const offset = valid ? offsetLabel(zone, Date.parse(firstIso)) : zone;
  return offset === zone ? zone : `${zone} (${offset})`;
}
