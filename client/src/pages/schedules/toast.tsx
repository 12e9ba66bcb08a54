/** Short confirmations ("Run started") and failures of quick actions, shown at the bottom right. */
import { createSignal, For } from 'solid-js';

interface Toast {
  id: number;
  text: string;
  bad: boolean;
}

const [toasts, setToasts] = createSignal<Toast[]>([]);
let nextId = 1;

export function toast(text: string, bad = false): void {
  const id = nextId++;
  setToasts((list) => [...list.slice(-2), { id, text, bad }]);
  setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), bad ? 8000 : 4000);
}

export function Toasts() {
  return (
    <div class="sch-toasts" role="status" aria-live="polite">
      <For each={toasts()}>{(t) => <div class="toast" classList={{ 'toast-bad': t.bad }}>{t.text}</div>}</For>
    </div>
  );
}
