/**
 * A call's conversation as chat bubbles: the input messages in order, then the answer, or a
 * placeholder saying why there is none yet. Pure (no imports), shared with the unit tests.
 */

export interface MessageInput {
  role: string;
  content: string;
  name?: string | null;
}

export type BubbleTone = 'system' | 'user' | 'assistant' | 'tool' | 'other';

export interface Bubble {
  tone: BubbleTone;
  /** What the header says: the role, with the name when there is one. */
  title: string;
  content: string;
  /** Part of the answer (output) rather than the input conversation. */
  output: boolean;
  /** No text: a placeholder while the call runs, or an answer that never came. */
  placeholder?: boolean;
}

const TONES: Record<string, BubbleTone> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
  function: 'tool',
};

function toBubble(message: MessageInput, output: boolean): Bubble {
  const role = message.role.toLowerCase();
  const title = message.name ? `${message.role} · ${message.name}` : message.role;
  return { tone: TONES[role] ?? 'other', title, content: message.content, output };
}

const PENDING: Record<string, string> = {
  QUEUED: 'Waiting in the limiter…',
  RUNNING: 'Generating…',
  FAILED: 'No answer: the call failed.',
  CANCELLED: 'No answer: the call was cancelled.',
  SUCCEEDED: 'The answer was empty.',
};

export function toBubbles(messages: readonly MessageInput[], output: readonly MessageInput[], status: string): Bubble[] {
  const bubbles = messages.map((m) => toBubble(m, false));
  if (output.length) return [...bubbles, ...output.map((m) => toBubble(m, true))];
  bubbles.push({
    tone: 'assistant',
    title: 'assistant',
    content: PENDING[status] ?? 'No answer.',
    output: true,
    placeholder: true,
  });
  return bubbles;
}

/** Long texts are folded to this many characters until the reader opens them. */
export const FOLD_CHARS = 1200;

export function isLong(content: string): boolean {
  return content.length > FOLD_CHARS || content.split('\n').length > 24;
}
