/** The repeating parts of SchemaForm: list items and map entries, one row each, added and removed. */
import { createEffect, createMemo, createSignal, Index, on, Show, untrack, type JSX } from 'solid-js';
import { isRecord, mapToRows, newItem, rowsToMap, sameJson, settle, type FieldSpec, type MapRow, type Segment } from '../lib/schema-form';
import { a11yFor, hintText, Required, type EditorProps, type FormContext } from './SchemaFieldShell';
import { ScalarInput } from './SchemaScalarInputs';

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

export function ListEditor(props: EditorProps) {
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
  const a11y = a11yFor(() => props.ctx, () => props.segments, () => (error() ? `${id()}-error` : undefined), error);
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
export function MapEditor(props: EditorProps) {
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

