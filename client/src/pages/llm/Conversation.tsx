/**
 * The call's conversation as chat bubbles: system, user and assistant turns of the input, then the
 * answer. Long texts scroll inside their bubble (or open fully); each bubble can be copied.
 */
import { createSignal, Index, Show } from 'solid-js';
import { isLong, toBubbles, type Bubble, type MessageInput } from './bubbles';

function BubbleView(props: { bubble: Bubble }) {
  const [expanded, setExpanded] = createSignal(false);
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.bubble.content);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard (insecure origin or denied): the text stays selectable.
    }
  };
  return (
    <article
      class={`bubble bubble-${props.bubble.tone}`}
      classList={{ 'bubble-output': props.bubble.output, 'bubble-placeholder': props.bubble.placeholder }}
      aria-label={`${props.bubble.output ? 'answer' : 'message'} from ${props.bubble.title}`}
    >
      <header class="bubble-head">
        <span class="bubble-role">{props.bubble.title}</span>
        <Show when={props.bubble.output && !props.bubble.placeholder}>
          <span class="badge badge-ok">output</span>
        </Show>
        <span class="spacer" />
        <Show when={!props.bubble.placeholder}>
          <Show when={isLong(props.bubble.content)}>
            <button type="button" class="link small-link" aria-expanded={expanded()} onClick={() => setExpanded(!expanded())}>
              {expanded() ? 'Fold' : 'Show all'}
            </button>
          </Show>
          <button type="button" class="small" onClick={copy} aria-label={`Copy ${props.bubble.title} text`}>
            {copied() ? 'Copied' : 'Copy'}
          </button>
        </Show>
      </header>
      <div class="bubble-text" classList={{ 'bubble-text-open': expanded() }} tabindex={isLong(props.bubble.content) ? 0 : undefined}>
        {props.bubble.content}
      </div>
    </article>
  );
}

export function Conversation(props: { messages: readonly MessageInput[]; output: readonly MessageInput[]; status: string }) {
  const bubbles = () => toBubbles(props.messages, props.output, props.status);
  return (
    <div class="conversation" role="log" aria-label="Conversation">
      <Index each={bubbles()}>{(bubble) => <BubbleView bubble={bubble()} />}</Index>
    </div>
  );
}
