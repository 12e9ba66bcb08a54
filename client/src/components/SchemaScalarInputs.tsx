/** The inputs of one value in SchemaForm: text and numbers, checkboxes, choices, and raw JSON. */
import { createEffect, For, Show, untrack } from 'solid-js';
import { checkboxValue, coerceText, parseJsonText, placeholderFor, sameJson, toText } from '../lib/schema-form';
import type { A11y, EditorProps } from './SchemaFieldShell';

/** A text-like input that keeps what is typed and follows value changes made elsewhere. */
function TextInput(props: EditorProps & A11y) {
  let el!: HTMLInputElement | HTMLTextAreaElement;
  let emitted: unknown;
  const field = () => props.field;
  createEffect(() => {
    const value = props.value;
    if (sameJson(coerceText(field(), el.value), value)) return;
    // A number input holding unparsable text reports ''; keep the text while the value is ours.
    if (el instanceof HTMLInputElement && el.validity.badInput && sameJson(value, emitted)) return;
    el.value = toText(field(), value);
  });
  const onInput = (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    const target = event.currentTarget;
    if (target instanceof HTMLInputElement && target.validity.badInput) {
      props.setLocal(field().kind === 'string' ? 'Enter a complete value' : 'Enter a number');
      return;
    }
    props.setLocal(undefined);
    emitted = coerceText(field(), target.value);
    props.onChange(emitted);
  };
  const common = () => ({
    id: props.id,
    'aria-describedby': props.describedBy,
    'aria-invalid': props.invalid || undefined,
    'aria-required': props.field.required || undefined,
    placeholder: placeholderFor(field()) ?? (field().input === 'url' ? 'https://…' : undefined),
  });
  const numeric = () => field().kind === 'integer' || field().kind === 'number';
  return (
    <Show
      when={field().input === 'textarea'}
      fallback={
        <input
          ref={(e) => (el = e)}
          {...common()}
          type={numeric() ? 'number' : (field().input ?? 'text')}
          min={field().min ?? field().exclusiveMin}
          max={field().max ?? field().exclusiveMax}
          step={numeric() ? (field().kind === 'integer' ? 1 : 'any') : field().input === 'datetime-local' ? 1 : undefined}
          autocomplete="off"
          onInput={onInput}
          onBlur={props.onBlur}
        />
      }
    >
      <textarea ref={(e) => (el = e)} {...common()} rows={5} onInput={onInput} onBlur={props.onBlur} />
    </Show>
  );
}

export function ScalarInput(props: EditorProps & A11y) {
  const aria = () => ({
    id: props.id,
    'aria-describedby': props.describedBy,
    'aria-invalid': props.invalid || undefined,
    'aria-required': props.field.required || undefined,
  });
  if (props.field.kind === 'boolean') {
    return (
      <input
        type="checkbox"
        {...aria()}
        checked={props.value === true || (props.value === undefined && props.field.default === true)}
        onChange={(e) => {
          props.onBlur();
          props.onChange(checkboxValue(props.field, e.currentTarget.checked));
        }}
      />
    );
  }
  if (props.field.kind === 'enum') {
    const selected = () => toText(props.field, props.value);
    const other = () => props.value !== undefined && selected() === '';
    const empty = () =>
      props.field.default !== undefined ? `Default (${toText({ ...props.field, kind: 'string' }, props.field.default)})` : props.field.required ? 'Choose…' : '—';
    return (
      <select {...aria()} onChange={(e) => (props.onBlur(), props.onChange(coerceText(props.field, e.currentTarget.value)))} onBlur={props.onBlur}>
        <option value="" selected={selected() === '' && !other()}>{empty()}</option>
        <For each={props.field.options ?? []}>
          {(option, i) => <option value={String(i())} selected={selected() === String(i())}>{typeof option === 'string' ? option : JSON.stringify(option)}</option>}
        </For>
        <Show when={other()}>
          <option value="__other" selected>{`${JSON.stringify(props.value)} (not allowed)`}</option>
        </Show>
      </select>
    );
  }
  return <TextInput {...props} />;
}

/** Anything the form cannot lay out: its JSON, parsed as typed. */
export function JsonInput(props: EditorProps & A11y) {
  let el!: HTMLTextAreaElement;
  createEffect(() => {
    const value = props.value;
    const parsed = parseJsonText(el.value);
    if (!parsed.error && sameJson(parsed.value, value)) return;
    if (parsed.error && untrack(() => el === document.activeElement)) return;
    el.value = value === undefined ? '' : JSON.stringify(value, null, 2);
  });
  return (
    <textarea
      ref={el}
      id={props.id}
      class="sf-json"
      rows={4}
      spellcheck={false}
      aria-describedby={props.describedBy}
      aria-invalid={props.invalid || undefined}
      aria-required={props.field.required || undefined}
      placeholder={props.field.default !== undefined ? JSON.stringify(props.field.default) : 'JSON'}
      onBlur={props.onBlur}
      onInput={(e) => {
        const parsed = parseJsonText(e.currentTarget.value);
        e.currentTarget.setCustomValidity(parsed.error ?? '');
        props.setLocal(parsed.error);
        if (!parsed.error) props.onChange(parsed.value);
      }}
    />
  );
}
