/** Turning a call's messages and answer into chat bubbles. */
import { describe, expect, test } from 'vitest';
import { isLong, toBubbles } from '../../client/src/pages/llm/bubbles.js';

describe('toBubbles', () => {
  const messages = [
    { role: 'system', content: 'Summarise.' },
    { role: 'user', content: 'First question' },
    { role: 'assistant', content: 'First answer' },
    { role: 'user', content: 'Second question', name: 'ana' },
  ];

  test('a multi-turn input in order, then the answer marked as output', () => {
    const bubbles = toBubbles(messages, [{ role: 'assistant', content: 'Second answer' }], 'SUCCEEDED');
    expect(bubbles.map((b) => [b.tone, b.content, b.output])).toEqual([
      ['system', 'Summarise.', false],
      ['user', 'First question', false],
      ['assistant', 'First answer', false],
      ['user', 'Second question', false],
      ['assistant', 'Second answer', true],
    ]);
    expect(bubbles[3]!.title).toBe('user · ana');
    expect(bubbles.some((b) => b.placeholder)).toBe(false);
  });

  test('without an answer, a placeholder says why', () => {
    expect(toBubbles(messages, [], 'RUNNING').at(-1)).toMatchObject({ placeholder: true, output: true, content: 'Generating…' });
    expect(toBubbles(messages, [], 'QUEUED').at(-1)!.content).toMatch(/limiter/);
    expect(toBubbles(messages, [], 'FAILED').at(-1)!.content).toMatch(/failed/);
  });

  test('unknown roles are shown, not dropped; tool and developer roles get their tone', () => {
    const bubbles = toBubbles(
      [
        { role: 'developer', content: 'rules' },
        { role: 'tool', content: '{"ok":true}' },
        { role: 'critic', content: 'hmm' },
      ],
      [],
      'CANCELLED',
    );
    expect(bubbles.map((b) => b.tone)).toEqual(['system', 'tool', 'other', 'assistant']);
  });

  test('long texts are recognised by length or by lines', () => {
    expect(isLong('short')).toBe(false);
    expect(isLong('x'.repeat(5000))).toBe(true);
    expect(isLong('line\n'.repeat(40))).toBe(true);
  });
});
