/**
 * scheduleEvents, alertEvents and llmCallEvents resume with `after` like jobEvents, with a real
 * server and real graphql-ws clients: the events missed since an id come first, in order and with the
 * ids a subscriber that stayed saw; an org's ids are shared by its live fields (an id from one
 * resumes another); an id the server no longer holds (evicted from the window, or foreign) ends the
 * subscription with RESYNC_REQUIRED instead of leaving a silent gap.
 */
import { expect, test } from 'vitest';
import { codeOf, useTestApp } from './helpers.js';
import { ALL, CREATE, DAILY, QUICK, UPDATE } from './schedules-fixtures.js';

const WINDOW = 5;
const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: '1', JOBCENTER_LIVE_REPLAY_EVENTS: String(WINDOW) } });

const SCHEDULE_EVENTS = `subscription($after: ID) { scheduleEvents(after: $after) { id kind scheduleId } }`;
const ALERT_EVENTS = `subscription($after: ID) { alertEvents(after: $after) { id kind } }`;
const LLM_EVENTS = `subscription($after: ID) { llmCallEvents(after: $after) { id kind } }`;
const FOREIGN = 'bm90LWFuLWlkOjE';

interface Ev {
  scheduleEvents: { id: string; kind: string; scheduleId: string };
}

test('the three fields resume after an id, share the org ids, and refuse an id the server does not hold', async () => {
  const token = await api().token('resume-fields', [...ALL, 'llm:read']);
  const create = async (name: string) =>
    (await api().data(CREATE, { input: { name, taskType: 'sleep', payload: QUICK, trigger: DAILY } }, token)).createSchedule as { id: string };
  const describe = (id: string, description: string) => api().data(UPDATE, { id, input: { description } }, token);

  const stayed = api().subscribe<Ev>(SCHEDULE_EVENTS, {}, token);
  await stayed.live();
  const left = api().subscribe<Ev>(SCHEDULE_EVENTS, {}, token);
  await left.live();
  const first = await create('first');
  const [seen] = (await left.until((evs) => evs.length >= 1)).map((e) => e.scheduleEvents);
  expect(seen).toMatchObject({ kind: 'CREATED', scheduleId: first.id });
  await left.close();

  // Missed while away.
  await describe(first.id, 'changed');
  const second = await create('second');
  const resumed = api().subscribe<Ev>(SCHEDULE_EVENTS, { after: seen!.id }, token);
  const missed = (await resumed.until((evs) => evs.length >= 2)).map((e) => e.scheduleEvents);
  expect(missed.map((e) => [e.kind, e.scheduleId])).toEqual([
    ['UPDATED', first.id],
    ['CREATED', second.id],
  ]);
  // The same ids as the subscriber that stayed saw for the same changes.
  const all = (await stayed.until((evs) => evs.length >= 3)).map((e) => e.scheduleEvents);
  expect(all.map((e) => e.id)).toEqual([seen!.id, ...missed.map((e) => e.id)]);
  // And live after the replay.
  const third = await create('third');
  expect((await resumed.until((evs) => evs.length >= 3)).at(-1)!.scheduleEvents).toMatchObject({ kind: 'CREATED', scheduleId: third.id });
  await resumed.close();

  // An org's ids are one sequence: a schedule event's id resumes the alert and LLM call fields
  // (nothing of theirs happened since, so they are simply live).
  for (const query of [ALERT_EVENTS, LLM_EVENTS]) {
    const sub = api().subscribe(query, { after: all.at(-1)!.id }, token);
    await sub.live();
    expect(sub.done).toBe(false);
    expect(sub.results).toEqual([]);
    await sub.close();
  }

  // A foreign id, on every field: refused with RESYNC_REQUIRED, never a silent gap.
  for (const query of [SCHEDULE_EVENTS, ALERT_EVENTS, LLM_EVENTS]) {
    const sub = api().subscribe(query, { after: FOREIGN }, token);
    await sub.ended();
    expect(sub.results).toHaveLength(1);
    expect(codeOf(sub.results[0]!)).toBe('RESYNC_REQUIRED');
  }

  // More changes than the window holds since `seen`: it is too old now.
  for (let i = 0; i < WINDOW; i++) await describe(first.id, `change ${i}`);
  const stale = api().subscribe(SCHEDULE_EVENTS, { after: seen!.id }, token);
  await stale.ended();
  expect(codeOf(stale.results[0]!)).toBe('RESYNC_REQUIRED');
  await stayed.close();
});
