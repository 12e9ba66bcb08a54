/** JSON shown folded or open, with a copy button; long values stay readable. */
import { createSignal, Show } from 'solid-js';

export function JsonView(props: { value: unknown; label?: string; open?: boolean }) {
  const [open, setOpen] = createSignal(props.open ?? true);
  const [copied, setCopied] = createSignal(false);
  const text = () => (props.value === undefined ? 'undefined' : JSON.stringify(props.value, null, 2));
  const copy = async () => {
    await navigator.clipboard?.writeText(text()).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <section class="json-view">
      <header>
        <button type="button" class="link" aria-expanded={open()} onClick={() => setOpen(!open())}>
          {open() ? '▾' : '▸'} {props.label ?? 'JSON'}
        </button>
        <button type="button" class="small" onClick={copy}>
          {copied() ? 'Copied' : 'Copy'}
        </button>
      </header>
      <Show when={open()}>
        <pre>{text()}</pre>
      </Show>
    </section>
  );
}
