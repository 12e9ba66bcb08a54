/**
 * How one field of SchemaForm is wired to the form: the context every editor shares (ids, messages,
 * touched fields), and the label, hint and error around an input, tied with for / aria-describedby.
 */
import { Show, type JSX } from 'solid-js';
import { describeConstraints, type FieldSpec, type Segment } from '../lib/schema-form';

export interface FormContext {
  id(segments: readonly Segment[], suffix?: string): string;
  /** The message to show for a path: this form's own, the server's (until edited), or the check's. */
  message(segments: readonly Segment[], exact: boolean): string | undefined;
  touch(segments: readonly Segment[]): void;
  setLocal(segments: readonly Segment[], message: string | undefined): void;
}

export interface EditorProps {
  field: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  ctx: FormContext;
}

/** What an input needs to be labelled, described and checked. */
export interface A11y {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  onBlur: () => void;
  setLocal: (message: string | undefined) => void;
}

/** The A11y of the input at `segments`, described by `describedBy`, invalid while `error` says so. */
export function a11yFor(ctx: () => FormContext, segments: () => readonly Segment[], describedBy: () => string | undefined, error: () => string | undefined): A11y {
  return {
    get id() {
      return ctx().id(segments());
    },
    get describedBy() {
      return describedBy();
    },
    get invalid() {
      return Boolean(error());
    },
    onBlur: () => ctx().touch(segments()),
    setLocal: (message) => ctx().setLocal(segments(), message),
  };
}

export function hintText(field: FieldSpec): string | undefined {
  const parts = [field.description, describeConstraints(field)].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

export function Required(props: { field: FieldSpec }) {
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
export function Shell(props: EditorProps & { exact: boolean; children: (a: A11y) => JSX.Element }) {
  const id = () => props.ctx.id(props.field.segments);
  const hint = () => hintText(props.field);
  const error = () => props.ctx.message(props.field.segments, props.exact);
  const describedBy = () => [hint() && `${id()}-hint`, error() && `${id()}-error`].filter(Boolean).join(' ') || undefined;
  const a11y = a11yFor(() => props.ctx, () => props.field.segments, describedBy, error);
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
