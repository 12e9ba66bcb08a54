/** The schedule editor's state and the mutation inputs built from it. */
import { describe, expect, test } from 'vitest';
import {
  editorStateFrom,
  isDirty,
  issueAt,
  issueLabel,
  newEditorState,
  toCreateInput,
  toUpdateInput,
  triggerInputOf,
  type EditorState,
  type ScheduleSettings,
} from '../../client/src/pages/schedules/editor-state.js';

const stored: ScheduleSettings = {
  name: 'digest',
  description: 'Morning digest',
  taskType: 'sleep',
  payload: { ms: 100, steps: 10 },
  enabled: true,
  trigger: { kind: 'CRON', cron: '0 9 * * *', intervalSeconds: null, at: null, timezone: 'Asia/Shanghai' },
  overlapPolicy: 'SKIP',
  maxConcurrentRuns: 1,
  misfirePolicy: 'RUN_ONCE',
  catchUpWindowSeconds: 7200,
  retryPolicy: { maxRetries: 3, backoffSeconds: [30, 60, 300] },
  alertAfterFailures: 3,
  pauseOnAlert: true,
};

const edit = (s: EditorState, patch: Partial<EditorState>): EditorState => ({ ...s, ...patch });

describe('create', () => {
  test('a new schedule sends every setting, with the defaults the server would take', () => {
    const state = edit(newEditorState('Asia/Shanghai', 'sleep'), { name: '  digest ', payload: { ms: 5 } });
    state.trigger.cron = ' 0 9 * * * ';
    const { input, issues } = toCreateInput(state);
    expect(issues).toEqual([]);
    expect(input).toEqual({
      name: 'digest',
      taskType: 'sleep',
      payload: { ms: 5 },
      enabled: true,
      trigger: { kind: 'CRON', cron: '0 9 * * *', timezone: 'Asia/Shanghai' },
      overlapPolicy: 'SKIP',
      maxConcurrentRuns: 1,
      misfirePolicy: 'SKIP',
      catchUpWindowSeconds: 3600,
      retryPolicy: { maxRetries: 3, backoffSeconds: [30, 60, 300, 900, 3600] },
      pauseOnAlert: false,
    });
  });

  test('an interval in minutes is sent in seconds; a once is read in the chosen zone', () => {
    const interval = newEditorState('UTC', 'sleep');
    interval.trigger = { ...interval.trigger, kind: 'INTERVAL', intervalValue: '15', intervalUnit: 'min' };
    expect(toCreateInput(interval).input?.trigger).toEqual({ kind: 'INTERVAL', intervalSeconds: 900, timezone: 'UTC' });

    const once = newEditorState('Asia/Shanghai', 'sleep');
    once.trigger = { ...once.trigger, kind: 'ONCE', onceLocal: '2031-01-02T09:00' };
    expect(toCreateInput(once).input?.trigger).toEqual({ kind: 'ONCE', at: '2031-01-02T01:00:00.000Z', timezone: 'Asia/Shanghai' });
  });

  test('the alert is sent only when it is on, with a description only when there is one', () => {
    const state = edit(newEditorState('UTC', 'sleep'), { alertOn: true, alertAfterFailures: '5', pauseOnAlert: true, description: ' x ' });
    const { input } = toCreateInput(state);
    expect(input).toMatchObject({ alertAfterFailures: 5, pauseOnAlert: true, description: 'x' });
    expect(toCreateInput(newEditorState('UTC', 'sleep')).input).not.toHaveProperty('alertAfterFailures');
    expect(toCreateInput(newEditorState('UTC', 'sleep')).input).not.toHaveProperty('description');
  });

  test('what cannot be sent at all comes back as issues with the server paths, and nothing is built', () => {
    const state = edit(newEditorState('UTC', 'sleep'), { maxConcurrentRuns: '1.5', backoff: '30, later', alertOn: true, alertAfterFailures: '' });
    state.trigger = { ...state.trigger, kind: 'ONCE', onceLocal: '' };
    const { input, issues } = toCreateInput(state);
    expect(input).toBeUndefined();
    expect(issues.map((i) => i.path).sort()).toEqual(['alertAfterFailures', 'maxConcurrentRuns', 'retryPolicy.backoffSeconds', 'trigger.at']);
  });

  test('an empty cron is sent, for the server to name the problem', () => {
    expect(triggerInputOf(newEditorState('UTC').trigger)).toEqual({ trigger: { kind: 'CRON', cron: '', timezone: 'UTC' }, issues: [] });
  });
});

describe('edit', () => {
  test('a stored schedule becomes the form, and back, unchanged', () => {
    const state = editorStateFrom(stored);
    expect(state).toMatchObject({
      catchUpValue: '2',
      catchUpUnit: 'h',
      backoff: '30s, 1m, 5m',
      alertOn: true,
      alertAfterFailures: '3',
      trigger: { kind: 'CRON', cron: '0 9 * * *', timezone: 'Asia/Shanghai', onceLocal: '' },
    });
    expect(toUpdateInput(state, editorStateFrom(stored))).toEqual({ input: {}, issues: [] });
    expect(isDirty(state, editorStateFrom(stored), true)).toBe(false);
  });

  test('only what changed is sent', () => {
    const original = editorStateFrom(stored);
    const state = edit(original, { name: 'digest 2', maxRetries: '5', payload: { ms: 200, steps: 10 } });
    expect(toUpdateInput(state, original).input).toEqual({
      name: 'digest 2',
      payload: { ms: 200, steps: 10 },
      retryPolicy: { maxRetries: 5, backoffSeconds: [30, 60, 300] },
    });
  });

  test('a changed trigger is sent whole; clearing the description and the alert sends nulls', () => {
    const original = editorStateFrom(stored);
    const state = edit(original, { description: '', alertOn: false, trigger: { ...original.trigger, timezone: 'UTC' } });
    expect(toUpdateInput(state, original).input).toEqual({
      description: null,
      alertAfterFailures: null,
      trigger: { kind: 'CRON', cron: '0 9 * * *', timezone: 'UTC' },
    });
  });

  test('a ONCE that already fired is left alone when the trigger is not touched', () => {
    const fired: ScheduleSettings = { ...stored, trigger: { kind: 'ONCE', at: '2020-01-01T01:00:00Z', timezone: 'Asia/Shanghai' } };
    const original = editorStateFrom(fired);
    expect(original.trigger.onceLocal).toBe('2020-01-01T09:00');
    const { input } = toUpdateInput(edit(original, { name: 'renamed' }), original);
    expect(input).toEqual({ name: 'renamed' });
  });

  test('the enabled flag does not make an existing schedule dirty (it has its own switch)', () => {
    const original = editorStateFrom(stored);
    expect(isDirty(edit(original, { enabled: false }), original, true)).toBe(false);
    expect(isDirty(edit(original, { enabled: false }), original, false)).toBe(true);
    expect(isDirty(edit(original, { name: 'x' }), original, true)).toBe(true);
  });
});

describe('issueAt', () => {
  test('the exact path first, then the first issue under it', () => {
    const issues = [
      { path: 'payload.ms', message: 'Required' },
      { path: 'trigger.cron', message: 'invalid cron' },
      { path: 'payload', message: 'whole' },
    ];
    expect(issueAt(issues, 'trigger.cron')).toBe('invalid cron');
    expect(issueAt(issues, 'payload')).toBe('whole');
    expect(issueAt(issues, 'trigger')).toBe('invalid cron');
    expect(issueAt(issues, 'name')).toBeUndefined();
  });
});

describe('issueLabel', () => {
  test('names the field as the form labels it', () => {
    expect(issueLabel('trigger.cron')).toBe('Cron expression');
    expect(issueLabel('retryPolicy.backoffSeconds')).toBe('Wait before each retry');
    expect(issueLabel('payload.headers.X-Key')).toBe('Payload › headers.X-Key');
    expect(issueLabel('somethingNew')).toBe('somethingNew');
  });
});
