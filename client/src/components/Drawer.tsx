/**
 * A panel sliding in from the right over the page: Escape or the close button closes it, focus moves
 * into it when it opens and back where it was when it closes.
 */
import { onCleanup, onMount, type JSX } from 'solid-js';

export function Drawer(props: { title: JSX.Element; onClose: () => void; children: JSX.Element; wide?: boolean; actions?: JSX.Element }) {
  let panel!: HTMLDivElement;
  const previous = document.activeElement as HTMLElement | null;
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      props.onClose();
    }
  };
  onMount(() => {
    document.addEventListener('keydown', onKey);
    panel.focus();
  });
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    previous?.focus?.();
  });
  return (
    <div class="drawer-backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div ref={panel} class={`drawer${props.wide ? ' drawer-wide' : ''}`} role="dialog" aria-modal="true" tabindex="-1">
        <header class="drawer-header">
          <h2>{props.title}</h2>
          <div class="drawer-actions">{props.actions}</div>
          <button type="button" class="icon-button" aria-label="Close" onClick={() => props.onClose()}>
            ×
          </button>
        </header>
        <div class="drawer-body">{props.children}</div>
      </div>
    </div>
  );
}
