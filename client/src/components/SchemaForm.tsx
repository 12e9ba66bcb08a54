/**
 * A task type's payload as a form laid out from its input JSON Schema, or as JSON text: both edit the
 * same value. Messages come from the server's BAD_USER_INPUT issues (until the field is edited) and
 * from the same checks run here (once a field is touched, or after the server answered).
 */
import './schema-form.css';
import { createEffect, createMemo, createSignal, createUniqueId, For, on, Show, untrack, type JSX } from 'solid-js';
import { issueFor, type Issue } from '../lib/errors';
import {
  applyDefaults,
  checkValue,
  describeSchema,
  extraKeys,
  fieldId,
  joinPath,
  parsePayloadText,
  sameJson,
  valueAt,
  withKey,
  type FieldSpec,
  type Segment,
} from '../lib/schema-form';
import { FieldEditor, type FormContext } from './SchemaFormFields';

function firstUnder(issues: readonly Issue[], path: string, exact: boolean): Issue | undefined {
  const same = issues.find((i) => i.path === path);
  if (same || exact) return same;
  return issues.find((i) => path === '' || i.path.startsWith(`${path}.`));
}

function hasDefault(fields: readonly FieldSpec[]): boolean {
  return fields.some((f) => f.default !== undefined || (f.fields !== undefined && hasDefault(f.fields)));
}

export function SchemaForm(props: {
  schema: unknown;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  issues?: readonly Issue[];
  pathPrefix?: string;
  idPrefix?: string;
}): JSX.Element {
  const ownId = `sf${createUniqueId()}`;
  const idPrefix = () => props.idPrefix ?? ownId;
  const value = () => props.value ?? {};
  const fields = createMemo(() => describeSchema(props.schema));
  const [touched, setTouched] = createSignal<ReadonlySet<string>>(new Set());
  const [local, setLocal] = createSignal<ReadonlyMap<string, string>>(new Map());
  // The value the server's issues are about: a field edited since then no longer shows its issue.
  const issued = createMemo(on(() => props.issues, (issues) => ({ issues: issues ?? [], value: untrack(value) })));
  const answered = () => issued().issues.length > 0;
  const checks = createMemo(() => checkValue(props.schema, value()));
  const full = (path: string) => (props.pathPrefix ? (path ? `${props.pathPrefix}.${path}` : props.pathPrefix) : path);
  const isTouched = (path: string) => [...touched()].some((t) => t === path || t.startsWith(`${path}.`));

  const ctx: FormContext = {
    id: (segments, suffix) => fieldId(idPrefix(), segments, suffix),
    message(segments, exact) {
      const path = joinPath(segments);
      const own = local().get(path);
      if (own) return own;
      const { issues, value: then } = issued();
      const server = exact ? issues.find((i) => i.path === full(path))?.message : issueFor(issues, path, props.pathPrefix);
      if (server && sameJson(valueAt(then, segments), valueAt(value(), segments))) return server;
      return answered() || isTouched(path) ? firstUnder(checks(), path, exact)?.message : undefined;
    },
    touch(segments: readonly Segment[]) {
      const path = joinPath(segments);
      if (!touched().has(path)) setTouched(new Set([...touched(), path]));
    },
    setLocal(segments, message) {
      const path = joinPath(segments);
      if (local().get(path) === message) return;
      const next = new Map(local());
      if (message) next.set(path, message);
      else next.delete(path);
      setLocal(next);
    },
  };

  // Issues no field shows: about the payload as a whole, or about keys the schema does not have.
  const otherProblems = createMemo(() => {
    const known = new Set((fields() ?? []).map((f) => f.key));
    const prefix = props.pathPrefix ?? '';
    const server = issued().issues.filter((i) => {
      if (i.path === prefix) return true;
      if (prefix && !i.path.startsWith(`${prefix}.`)) return false;
      const rest = prefix ? i.path.slice(prefix.length + 1) : i.path;
      return !known.has(rest.split('.')[0]!);
    });
    return [...server, ...(answered() ? checks().filter((i) => i.path === '') : [])];
  });

  // ---- the whole payload as JSON ----
  const [jsonMode, setJsonMode] = createSignal(false);
  const [jsonText, setJsonText] = createSignal(untrack(() => JSON.stringify(value(), null, 2)));
  const [jsonError, setJsonError] = createSignal<string>();
  const [switchError, setSwitchError] = createSignal<string>();
  const showJson = () => jsonMode() || fields() === null;
  createEffect(
    on(value, (v) => {
      if (jsonError() || sameJson(parsePayloadText(untrack(jsonText)).value, v)) return;
      setJsonText(JSON.stringify(v, null, 2));
    }),
  );
  const toggle = () => {
    if (!jsonMode()) {
      setJsonText(JSON.stringify(value(), null, 2));
      setJsonError(undefined);
      setJsonMode(true);
      return;
    }
    const error = jsonError();
    if (error) return void setSwitchError('Fix the JSON below to go back to the form.');
    setSwitchError(undefined);
    setJsonMode(false);
  };
  const jsonId = () => `${idPrefix()}-json`;
  const allProblems = () => {
    const prefix = props.pathPrefix;
    const server = issued().issues.filter((i) => !prefix || i.path === prefix || i.path.startsWith(`${prefix}.`));
    const client = checks().map((i) => ({ path: full(i.path), message: i.message }));
    return [...server, ...client.filter((c) => !server.some((s) => s.path === c.path))];
  };

  const withDefaults = () => {
    const f = fields();
    return f ? applyDefaults(f, value()) : value();
  };
  const extras = () => extraKeys(fields() ?? [], value());

  return (
    <div class="schema-form">
      <div class="sf-bar">
        <Show when={hasDefault(fields() ?? [])}>
          <button
            type="button"
            class="small"
            title="Fill every empty field that has a default with that default"
            disabled={Boolean(jsonError()) || sameJson(withDefaults(), value())}
            onClick={() => props.onChange(withDefaults())}
          >
            Use defaults
          </button>
        </Show>
        <Show when={fields() !== null}>
          <button type="button" class="small" aria-pressed={jsonMode()} onClick={toggle}>
            Edit as JSON
          </button>
        </Show>
      </div>
      <Show when={switchError()}>
        <p class="field-error" role="alert">{switchError()}</p>
      </Show>
      <Show
        when={!showJson()}
        fallback={
          <div class="field sf-field" classList={{ invalid: Boolean(jsonError()) }}>
            <label for={jsonId()}>Payload (JSON)</label>
            <textarea
              id={jsonId()}
              class="sf-json sf-json-payload"
              rows={Math.min(20, Math.max(6, jsonText().split('\n').length + 1))}
              spellcheck={false}
              value={jsonText()}
              aria-invalid={Boolean(jsonError()) || undefined}
              aria-describedby={jsonError() ? `${jsonId()}-error` : undefined}
              onInput={(e) => {
                const text = e.currentTarget.value;
                setJsonText(text);
                const parsed = parsePayloadText(text);
                e.currentTarget.setCustomValidity(parsed.error ?? '');
                setJsonError(parsed.error);
                if (parsed.value) {
                  setSwitchError(undefined);
                  props.onChange(parsed.value);
                }
              }}
            />
            <Show when={jsonError()}>
              <p class="field-error" id={`${jsonId()}-error`}>{jsonError()}</p>
            </Show>
            <Show when={!jsonError() && allProblems().length > 0}>
              <ul class="sf-problems">
                <For each={allProblems()}>{(i) => <li><code>{i.path || '(payload)'}</code> {i.message}</li>}</For>
              </ul>
            </Show>
          </div>
        }
      >
        <Show when={(fields() ?? []).length === 0}>
          <p class="muted">This task type takes no payload fields.</p>
        </Show>
        <For each={fields() ?? []}>
          {(field) => (
            <FieldEditor field={field} value={value()[field.key]} ctx={ctx} onChange={(v) => props.onChange(withKey(value(), field.key, v))} />
          )}
        </For>
        <Show when={extras().length > 0}>
          <p class="hint">Also sent, from the JSON: {extras().join(', ')}</p>
        </Show>
        <Show when={otherProblems().length > 0}>
          <ul class="sf-problems field-error">
            <For each={otherProblems()}>{(i) => <li><code>{i.path || '(payload)'}</code> {i.message}</li>}</For>
          </ul>
        </Show>
      </Show>
    </div>
  );
}
