/** The editors of SchemaForm, one per kind of field; they share the form's context for ids and messages. */
import { createEffect, createMemo, createSignal, For, Index, on, Show, untrack, type JSX } from 'solid-js';
import {
  checkboxValue,
  coerceText,
  describeConstraints,
  mapToRows,
  newItem,
  parseJsonText,
  placeholderFor,
  rowsToMap,
  sameJson,
  settle,
  toText,
  withKey,
  type FieldSpec,
  type MapRow,
  type Segment,
} from '../lib/schema-form';

export interface FormContext {
  id(segments: readonly Segment[], suffix?: string): string;
  /** The message to show for a path: this form's own, the server's (until edited), or the check's. */
  message(segments: readonly Segment[], exact: boolean): string | undefined;
  touch(segments: readonly Segment[]): void;
  setLocal(segments: readonly Segment[], message: string | undefined): void;
}

interface EditorProps {
  field: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  ctx: FormContext;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function FieldEditor(props: EditorProps): JSX.Element {
  switch (props.field.kind) {
    case 'object':
      return <ObjectEditor {...props} />;
    case 'array':
      return <ListEditor {...props} />;
    case 'map':
      return <MapEditor {...props} />;
    case 'json':
      return <Shell {...props} exact={false}>{(a) => <JsonInput {...props} {...a} />}</Shell>;
    default:
      return <Shell {...props} exact={false}>{(a) => <ScalarInput {...props} {...a} />}</Shell>;
  }
}

interface A11y {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  onBlur: () => void;
  setLocal: (message: string | undefined) => void;
}

function hintText(field: FieldSpec): string | undefined {
  const parts = [field.description, describeConstraints(field)].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

function Required(props: { field: FieldSpec }) {
  return (
    <Show when={props.field.required}>
      <span class="sf-required" title="Required">
        <span aria-hidden="true"> *</span>
        <span class="sf-sr"> (required)</span>
      </span>
    </Show>
  );
}

/** Label, input, hint and error of one field, wired with for/aria-describedby. */
function Shell(props: EditorProps & { exact: boolean; children: (a: A11y) => JSX.Element }) {
  const id = () => props.ctx.id(props.field.segments);
  const hint = () => hintText(props.field);
  const error = () => props.ctx.message(props.field.segments, props.exact);
  const a11y: A11y = {
    get id() {
      return id();
    },
    get describedBy() {
      return [hint() && `${id()}-hint`, error() && `${id()}-error`].filter(Boolean).join(' ') || undefined;
    },
    get invalid() {
      return Boolean(error());
    },
    onBlur: () => props.ctx.touch(props.field.segments),
    setLocal: (message) => props.ctx.setLocal(props.field.segments, message),
  };
  const checkbox = props.field.kind === 'boolean';
  return (
    <div class="field sf-field" classList={{ invalid: Boolean(error()), 'sf-check': checkbox }}>
      <Show when={checkbox} fallback={<><label for={id()}>{props.field.label}<Required field={props.field} /></label>{props.children(a11y)}</>}>
        <div class="sf-check-row">
          {props.children(a11y)}
          <label for={id()}>{props.field.label}<Required field={props.field} /></label>
        </div>
      </Show>
      <Show when={hint()}>
        <span class="hint" id={`${id()}-hint`}>{hint()}</span>
      </Show>
      <Show when={error()}>
        <p class="field-error" id={`${id()}-error`}>{error()}</p>
      </Show>
    </div>
  );
}

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

function ScalarInput(props: EditorProps & A11y) {
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
function JsonInput(props: EditorProps & A11y) {
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

function ObjectEditor(props: EditorProps) {
  const object = () => (isRecord(props.value) ? props.value : {});
  const error = () => props.ctx.message(props.field.segments, true);
  const id = () => props.ctx.id(props.field.segments);
  return (
    <fieldset class="sf-fieldset" classList={{ invalid: Boolean(error()) }} aria-describedby={error() ? `${id()}-error` : undefined}>
      <legend>{props.field.label}<Required field={props.field} /></legend>
      <Show when={props.field.description}>
        <p class="hint sf-legend-hint">{props.field.description}</p>
      </Show>
      <For each={props.field.fields ?? []}>
        {(child) => (
          <FieldEditor
            field={child}
            value={object()[child.key]}
            ctx={props.ctx}
            onChange={(v) => props.onChange(settle(props.field, withKey(object(), child.key, v)))}
          />
        )}
      </For>
      <Show when={error()}>
        <p class="field-error" id={`${id()}-error`}>{error()}</p>
      </Show>
    </fieldset>
  );
}

/** Rows of a repeating part (list items, map entries) inside one labelled group. */
function Group(props: EditorProps & { children: JSX.Element; addLabel: string; canAdd: boolean; onAdd: () => void }) {
  const id = () => props.ctx.id(props.field.segments);
  const hint = () => hintText(props.field);
  const error = () => props.ctx.message(props.field.segments, true);
  return (
    <fieldset
      class="sf-fieldset sf-group"
      classList={{ invalid: Boolean(error()) }}
      aria-describedby={[hint() && `${id()}-hint`, error() && `${id()}-error`].filter(Boolean).join(' ') || undefined}
    >
      <legend>{props.field.label}<Required field={props.field} /></legend>
      <Show when={hint()}>
        <p class="hint sf-legend-hint" id={`${id()}-hint`}>{hint()}</p>
      </Show>
      {props.children}
      <button type="button" class="small" disabled={!props.canAdd} onClick={() => props.onAdd()}>
        {props.addLabel}
      </button>
      <Show when={error()}>
        <p class="field-error" id={`${id()}-error`}>{error()}</p>
      </Show>
    </fieldset>
  );
}

function focusLater(id: string) {
  queueMicrotask(() => document.getElementById(id)?.focus());
}

function ListEditor(props: EditorProps) {
  const items = () => (Array.isArray(props.value) ? props.value : []);
  const item = () => props.field.item!;
  const set = (next: unknown[]) => props.onChange(settle(props.field, next));
  return (
    <Group
      {...props}
      addLabel="Add item"
      canAdd={props.field.maxItems === undefined || items().length < props.field.maxItems}
      onAdd={() => {
        const index = items().length;
        set([...items(), newItem(item())]);
        focusLater(props.ctx.id([...props.field.segments, index]));
      }}
    >
      <Index each={items()}>
        {(value, i) => <Row {...props} field={item()} segments={[...props.field.segments, i]} value={value()}
          label={`${props.field.label} item ${i + 1}`}
          removeLabel={`Remove ${props.field.label} item ${i + 1}`}
          onChange={(v) => set(items().map((old, j) => (j === i ? (v ?? (item().kind === 'string' ? '' : null)) : old)))}
          onRemove={() => set(items().filter((_, j) => j !== i))} />}
      </Index>
    </Group>
  );
}

/** One row of a list or map: an optional key input, the value input, Remove, and the row's message. */
function Row(props: {
  field: FieldSpec;
  segments: Segment[];
  value: unknown;
  label: string;
  removeLabel: string;
  ctx: FormContext;
  onChange: (value: unknown) => void;
  onRemove: () => void;
  keyInput?: JSX.Element;
  keyError?: string | undefined;
}) {
  const id = () => props.ctx.id(props.segments);
  const error = () => props.keyError ?? props.ctx.message(props.segments, false);
  const a11y: A11y = {
    get id() {
      return id();
    },
    get describedBy() {
      return error() ? `${id()}-error` : undefined;
    },
    get invalid() {
      return Boolean(error());
    },
    onBlur: () => props.ctx.touch(props.segments),
    setLocal: (message) => props.ctx.setLocal(props.segments, message),
  };
  return (
    <div class="sf-row-wrap" classList={{ invalid: Boolean(error()) }}>
      <div class="sf-row">
        {props.keyInput}
        <label class="sf-sr" for={id()}>{props.label}</label>
        <ScalarInput field={props.field} value={props.value} onChange={props.onChange} ctx={props.ctx} {...a11y} />
        <button type="button" class="small" aria-label={props.removeLabel} onClick={() => props.onRemove()}>
          Remove
        </button>
      </div>
      <Show when={error()}>
        <p class="field-error" id={`${id()}-error`}>{error()}</p>
      </Show>
    </div>
  );
}

/** additionalProperties: key/value rows; rows keep their order and half-typed keys. */
function MapEditor(props: EditorProps) {
  const [rows, setRows] = createSignal<MapRow[]>(mapToRows(props.value));
  createEffect(
    on(
      () => props.value,
      (value) => {
        if (!sameJson(rowsToMap(untrack(rows)).value, isRecord(value) ? value : {})) setRows(mapToRows(value));
      },
      { defer: true },
    ),
  );
  const duplicates = createMemo(() => new Set(rowsToMap(rows()).duplicates));
  const emit = (next: MapRow[]) => {
    setRows(next);
    props.onChange(settle(props.field, rowsToMap(next).value));
  };
  const keyId = (i: number) => props.ctx.id(props.field.segments, `${i}-key`);
  return (
    <Group
      {...props}
      addLabel="Add entry"
      canAdd
      onAdd={() => {
        const index = rows().length;
        emit([...rows(), { key: '', value: undefined }]);
        focusLater(keyId(index));
      }}
    >
      <Index each={rows()}>
        {(row, i) => {
          const dup = () => duplicates().has(i);
          return (
            <Row
              field={props.field.value!}
              ctx={props.ctx}
              segments={[...props.field.segments, row().key || `#${i}`]}
              value={row().value}
              label={`${props.field.label} value ${i + 1}`}
              removeLabel={`Remove ${props.field.label} entry ${i + 1}`}
              keyError={dup() ? `Repeated key "${row().key}": only the first is sent` : undefined}
              onChange={(v) => emit(rows().map((r, j) => (j === i ? { ...r, value: v } : r)))}
              onRemove={() => emit(rows().filter((_, j) => j !== i))}
              keyInput={
                <>
                  <label class="sf-sr" for={keyId(i)}>{`${props.field.label} key ${i + 1}`}</label>
                  <input
                    id={keyId(i)}
                    class="sf-key"
                    placeholder="key"
                    autocomplete="off"
                    value={row().key}
                    aria-invalid={dup() || undefined}
                    ref={(el) => createEffect(() => el.setCustomValidity(dup() ? 'Repeated key' : ''))}
                    onInput={(e) => emit(rows().map((r, j) => (j === i ? { ...r, key: e.currentTarget.value } : r)))}
                  />
                </>
              }
            />
          );
        }}
      </Index>
    </Group>
  );
}
