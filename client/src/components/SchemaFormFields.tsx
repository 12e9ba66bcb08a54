/** The editors of SchemaForm, one per kind of field; they share the form's context for ids and messages. */
import { For, Show, type JSX } from 'solid-js';
import { isRecord, settle, withKey } from '../lib/schema-form';
import { Required, Shell, type EditorProps } from './SchemaFieldShell';
import { ListEditor, MapEditor } from './SchemaRepeatEditors';
import { JsonInput, ScalarInput } from './SchemaScalarInputs';

export type { FormContext } from './SchemaFieldShell';

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
