/**
 * The editor's policy fields: overlap (with the concurrency limit for ALLOW), misfires after downtime
 * (with the catch-up window for RUN_ONCE), retries (count and ladder), and the failure alert.
 */
import { For, Show, type JSX } from 'solid-js';
import { describeLadder, formatSeconds, parseLadder, toSeconds, UNITS, type Unit } from './durations';
import type { EditorState, MisfirePolicy, OverlapPolicy } from './editor-state';

const OVERLAP: { value: OverlapPolicy; label: string; hint: string }[] = [
  { value: 'SKIP', label: 'Skip', hint: 'A slot that comes while a run is active is recorded as skipped.' },
  { value: 'ALLOW', label: 'Allow', hint: 'Slots start runs alongside the active ones, up to the limit below.' },
  { value: 'BUFFER_ONE', label: 'Buffer one', hint: 'One slot waits and starts when the active run ends; further slots are skipped.' },
];

const MISFIRE: { value: MisfirePolicy; label: string; hint: string }[] = [
  { value: 'SKIP', label: 'Skip missed slots', hint: 'After downtime the schedule simply continues with its next slot.' },
  { value: 'RUN_ONCE', label: 'Run the latest missed slot once', hint: 'After downtime the latest missed slot runs once, if it is recent enough.' },
];

export interface PolicyFieldsProps {
  idPrefix: string;
  state: EditorState;
  update: (patch: Partial<EditorState>) => void;
  message: (path: string) => string | undefined;
}

export function PolicyFields(props: PolicyFieldsProps) {
  const id = (name: string) => `${props.idPrefix}-${name}`;
  const s = () => props.state;
  const ladder = () => {
    const parsed = parseLadder(s().backoff);
    const retries = Number(s().maxRetries);
    return 'error' in parsed || !Number.isInteger(retries) ? undefined : describeLadder(parsed.seconds, retries);
  };
  const catchUp = () => toSeconds(s().catchUpValue, s().catchUpUnit);

  return (
    <div class="policy-grid">
      <Field id={id('overlap')} label="When a slot comes while a run is active" path="overlapPolicy" message={props.message} hint={OVERLAP.find((o) => o.value === s().overlapPolicy)?.hint}>
        {(a) => (
          <select {...a} value={s().overlapPolicy} onChange={(e) => props.update({ overlapPolicy: e.currentTarget.value as OverlapPolicy })}>
            <For each={OVERLAP}>{(o) => <option value={o.value} selected={o.value === s().overlapPolicy}>{o.label}</option>}</For>
          </select>
        )}
      </Field>
      <Show when={s().overlapPolicy === 'ALLOW'}>
        <Field id={id('max-concurrent')} label="Runs at once (at most)" path="maxConcurrentRuns" message={props.message} hint="1 to 100">
          {(a) => <input {...a} type="number" min="1" max="100" value={s().maxConcurrentRuns} onInput={(e) => props.update({ maxConcurrentRuns: e.currentTarget.value })} />}
        </Field>
      </Show>

      <Field id={id('misfire')} label="After downtime" path="misfirePolicy" message={props.message} hint={MISFIRE.find((o) => o.value === s().misfirePolicy)?.hint}>
        {(a) => (
          <select {...a} value={s().misfirePolicy} onChange={(e) => props.update({ misfirePolicy: e.currentTarget.value as MisfirePolicy })}>
            <For each={MISFIRE}>{(o) => <option value={o.value} selected={o.value === s().misfirePolicy}>{o.label}</option>}</For>
          </select>
        )}
      </Field>
      <Show when={s().misfirePolicy === 'RUN_ONCE'}>
        <Field
          id={id('catch-up')}
          label="Catch-up window"
          path="catchUpWindowSeconds"
          message={props.message}
          hint={catchUp() !== null ? `A missed slot at most ${formatSeconds(catchUp()!)} old still runs (up to a year).` : 'Up to a year.'}
        >
          {(a) => (
            <div class="unit-row">
              <input {...a} type="number" min="0" step="any" value={s().catchUpValue} onInput={(e) => props.update({ catchUpValue: e.currentTarget.value })} />
              <select aria-label="Catch-up window unit" value={s().catchUpUnit} onChange={(e) => props.update({ catchUpUnit: e.currentTarget.value as Unit })}>
                <For each={UNITS}>{(u) => <option value={u.unit} selected={u.unit === s().catchUpUnit}>{u.label}</option>}</For>
              </select>
            </div>
          )}
        </Field>
      </Show>

      <Field id={id('max-retries')} label="Retries of a failed run" path="retryPolicy.maxRetries" message={props.message} hint="0 to 20 (0: never retried)">
        {(a) => <input {...a} type="number" min="0" max="20" value={s().maxRetries} onInput={(e) => props.update({ maxRetries: e.currentTarget.value })} />}
      </Field>
      <Field id={id('backoff')} label="Wait before each retry" path="retryPolicy.backoffSeconds" message={props.message} hint={ladder() ?? 'Like 30s, 1m, 5m, 15m, 1h; the last step repeats.'}>
        {(a) => <input {...a} type="text" class="mono" spellcheck={false} value={s().backoff} onInput={(e) => props.update({ backoff: e.currentTarget.value })} />}
      </Field>

      <div class="field wide" classList={{ invalid: Boolean(props.message('alertAfterFailures')) }}>
        <div class="check-row">
          <input id={id('alert-on')} type="checkbox" checked={s().alertOn} onChange={(e) => props.update({ alertOn: e.currentTarget.checked })} />
          <label for={id('alert-on')}>Raise an alert after</label>
          <input
            id={id('alert-after')}
            class="narrow"
            type="number"
            min="1"
            max="1000"
            aria-label="Failures in a row before the alert"
            disabled={!s().alertOn}
            value={s().alertAfterFailures}
            aria-invalid={Boolean(props.message('alertAfterFailures')) || undefined}
            aria-describedby={props.message('alertAfterFailures') ? id('alert-after-error') : undefined}
            onInput={(e) => props.update({ alertAfterFailures: e.currentTarget.value })}
          />
          <span>failed runs in a row</span>
        </div>
        <Show when={props.message('alertAfterFailures')}>
          <p class="field-error" id={id('alert-after-error')}>
            {props.message('alertAfterFailures')}
          </p>
        </Show>
        <div class="check-row indent">
          <input id={id('pause')} type="checkbox" disabled={!s().alertOn} checked={s().pauseOnAlert} onChange={(e) => props.update({ pauseOnAlert: e.currentTarget.checked })} />
          <label for={id('pause')}>and disable the schedule when it is raised</label>
        </div>
        <Show when={props.message('pauseOnAlert')}>
          <p class="field-error">{props.message('pauseOnAlert')}</p>
        </Show>
      </div>
    </div>
  );
}

interface FieldA11y {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/** A label, the control, its hint and the message for `path`, wired together. */
export function Field(props: {
  id: string;
  label: string;
  path: string;
  message: (path: string) => string | undefined;
  hint?: string | undefined;
  wide?: boolean;
  children: (a: FieldA11y) => JSX.Element;
}) {
  const error = () => props.message(props.path);
  const a11y: FieldA11y = {
    id: props.id,
    get 'aria-invalid'() {
      return Boolean(error()) || undefined;
    },
    get 'aria-describedby'() {
      return [props.hint && `${props.id}-hint`, error() && `${props.id}-error`].filter(Boolean).join(' ') || undefined;
    },
  };
  return (
    <div class="field" classList={{ invalid: Boolean(error()), wide: props.wide }}>
      <label for={props.id}>{props.label}</label>
      {props.children(a11y)}
      <Show when={props.hint}>
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      </Show>
      <Show when={error()}>
        <p class="field-error" id={`${props.id}-error`}>
          {error()}
        </p>
      </Show>
    </div>
  );
}
