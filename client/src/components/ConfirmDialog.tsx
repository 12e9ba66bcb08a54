/**
 * A modal question before a destructive step (delete, cancel jobs, discard changes). Escape goes back without also
 * closing the drawer underneath: it listens first, in the capture phase, and stops the key there.
 */
import { createUniqueId, onCleanup, onMount, type JSX } from 'solid-js';

export interface ConfirmDialogProps {
  title: string;
  children?: JSX.Element;
  confirmLabel: string;
  backLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const titleId = `confirm-${createUniqueId()}`;
  let confirmButton!: HTMLButtonElement;
  const previous = document.activeElement as HTMLElement | null;
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    props.onCancel();
  };
  onMount(() => {
    window.addEventListener('keydown', onKey, true);
    confirmButton.focus();
  });
  onCleanup(() => {
    window.removeEventListener('keydown', onKey, true);
    previous?.focus?.();
  });
  return (
    <div class="modal-backdrop" onClick={(e) => e.target === e.currentTarget && props.onCancel()}>
      <div class="modal card" role="alertdialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId}>{props.title}</h2>
        <div class="modal-body">{props.children}</div>
        <div class="modal-actions">
          <button type="button" onClick={() => props.onCancel()}>
            {props.backLabel ?? 'Go back'}
          </button>
          <button type="button" class="primary danger-fill" ref={confirmButton} disabled={props.busy} onClick={() => props.onConfirm()}>
            {props.busy ? 'Working…' : props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
