/**
 * The schedules API over real HTTP and graphql-ws, who sees what: permissions, org isolation, and live
 * schedule events of your org only.
 */
import { expect, test } from 'vitest';
import { codeOf } from './helpers.js';
import { CREATE, DAILY, DELETE, DISABLE, ENABLE, GET, GET_RUN, QUICK, RUN_NOW, UPDATE, useScheduleApi, type Run } from './schedules-fixtures.js';

const { api, orgToken, create, getSchedule, runsOf, count, waitForRun, auditOf } = useScheduleApi();

test('permissions: FORBIDDEN without schedules:write, schedules:run, schedules:delete, schedules:read or audit:read', async () => {
  const owner = await orgToken('perms');
  const schedule = await create(owner, { name: 'guarded' });
  const run = (await api().data(RUN_NOW, { id: schedule.id }, owner)).runScheduleNow as Run;
  await waitForRun(owner, run.id, ['SUCCEEDED']);
  const reader = await orgToken('perms', ['schedules:read', 'jobs:read']);
  const input = { name: 'x', taskType: 'sleep', payload: QUICK, trigger: DAILY };

  expect(codeOf(await api().gql(CREATE, { input }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(UPDATE, { id: schedule.id, input: { name: 'y' } }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(ENABLE, { id: schedule.id }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(DISABLE, { id: schedule.id }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(RUN_NOW, { id: schedule.id }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(`mutation($id: ID!) { retryScheduleRun(id: $id) { id } }`, { id: run.id }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(DELETE, { id: schedule.id }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(`{ auditLog { totalCount } }`, undefined, reader))).toBe('FORBIDDEN');
  // Each permission alone opens its own door only.
  const writer = await orgToken('perms', ['schedules:write']);
  expect(codeOf(await api().gql(RUN_NOW, { id: schedule.id }, writer))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(DELETE, { id: schedule.id }, writer))).toBe('FORBIDDEN');
  expect((await api().data(`mutation($id: ID!) { disableSchedule(id: $id) { enabled } }`, { id: schedule.id }, writer)).disableSchedule.enabled).toBe(false);
  const deleter = await orgToken('perms', ['schedules:delete']);
  expect(codeOf(await api().gql(UPDATE, { id: schedule.id, input: { name: 'y' } }, deleter))).toBe('FORBIDDEN');

  // Without schedules:read: the queries are FORBIDDEN, and on a job only its schedule fields are null.
  const jobsOnly = await orgToken('perms', ['jobs:read']);
  for (const query of [`{ schedules { totalCount } }`, `{ alerts { totalCount } }`, `{ previewTrigger(trigger: { kind: ONCE, at: "2999-01-01T00:00:00Z" }) }`]) {
    expect(codeOf(await api().gql(query, undefined, jobsOnly)), query).toBe('FORBIDDEN');
  }
  expect(codeOf(await api().gql(GET, { id: schedule.id }, jobsOnly))).toBe('FORBIDDEN');
  const partial = await api().gql(`query($id: ID!) { job(id: $id) { id status schedule { id } scheduleRun { id } } }`, { id: run.jobId }, jobsOnly);
  expect(partial.data).toEqual({ job: { id: run.jobId, status: 'SUCCEEDED', schedule: null, scheduleRun: null } });
  expect(partial.errors?.map((e) => [e.extensions?.code, e.path?.join('.')]).sort()).toEqual([
    ['FORBIDDEN', 'job.schedule'],
    ['FORBIDDEN', 'job.scheduleRun'],
  ]);
  // A run's job needs jobs:read; without it only that field is null.
  const schedOnly = await orgToken('perms', ['schedules:read']);
  const runRead = await api().gql(`query($id: ID!) { scheduleRun(id: $id) { id jobId job { id } } }`, { id: run.id }, schedOnly);
  expect(runRead.data).toEqual({ scheduleRun: { id: run.id, jobId: run.jobId, job: null } });
  expect(codeOf(runRead)).toBe('FORBIDDEN');
  expect(await getSchedule(owner, schedule.id)).toMatchObject({ name: 'guarded' });
});

test("org isolation: another org's schedule and runs are null to queries, NOT_FOUND to mutations, never listed", async () => {
  const mine = await orgToken('iso-a');
  const theirs = await orgToken('iso-b');
  const schedule = await create(mine, { name: 'private', payload: { ...QUICK, fatal: true }, retryPolicy: { maxRetries: 0 } });
  const run = (await api().data(RUN_NOW, { id: schedule.id }, mine)).runScheduleNow as Run;
  await waitForRun(mine, run.id, ['FAILED']);

  expect(await getSchedule(theirs, schedule.id)).toBeNull();
  expect((await api().data(GET_RUN, { id: run.id }, theirs)).scheduleRun).toBeNull();
  expect(await count(theirs)).toBe(0);
  expect(await count(theirs, { search: 'private' })).toBe(0);
  const mutations: Array<[string, Record<string, unknown>]> = [
    [UPDATE, { id: schedule.id, input: { name: 'stolen' } }],
    [ENABLE, { id: schedule.id }],
    [DISABLE, { id: schedule.id }],
    [RUN_NOW, { id: schedule.id }],
    [`mutation($id: ID!) { retryScheduleRun(id: $id) { id } }`, { id: run.id }],
    [DELETE, { id: schedule.id }],
  ];
  for (const [query, variables] of mutations) expect(codeOf(await api().gql(query, variables, theirs)), query).toBe('NOT_FOUND');
  expect(await getSchedule(mine, schedule.id)).toMatchObject({ name: 'private', enabled: true });
  expect(await runsOf(mine, schedule.id)).toHaveLength(1);
  expect((await auditOf(theirs, {})).totalCount).toBe(0);
  expect((await auditOf(theirs, { targetId: schedule.id })).totalCount).toBe(0);
});

test('scheduleEvents delivers CREATED, RUN and DELETED of your org only, filtered by scheduleId', async () => {
  const mine = await orgToken('events-a');
  const theirs = await orgToken('events-b');
  const EVENTS = `subscription($scheduleId: ID) { scheduleEvents(scheduleId: $scheduleId) {
    kind scheduleId at schedule { id name } run { id status trigger scheduleId } } }`;
  const sub = api().subscribe(EVENTS, {}, mine);
  const foreignSub = api().subscribe(EVENTS, {}, theirs);
  await sub.live();
  await foreignSub.live();

  const schedule = await create(mine, { name: 'watched' });
  const other = await create(mine, { name: 'other' });
  const oneSub = api().subscribe(EVENTS, { scheduleId: other.id }, mine);
  await oneSub.live();
  const run = (await api().data(RUN_NOW, { id: schedule.id }, mine)).runScheduleNow as Run;
  await waitForRun(mine, run.id, ['SUCCEEDED']);
  await api().data(DELETE, { id: schedule.id }, mine);
  const events = (await sub.until((evs) => evs.some((e) => e.scheduleEvents.kind === 'DELETED'))).map((e) => e.scheduleEvents);

  expect(events[0]).toMatchObject({ kind: 'CREATED', scheduleId: schedule.id, schedule: { id: schedule.id, name: 'watched' }, run: null });
  expect(events.some((e) => e.kind === 'CREATED' && e.scheduleId === other.id)).toBe(true);
  const runEvents = events.filter((e) => e.kind === 'RUN');
  expect(runEvents.length).toBeGreaterThanOrEqual(2);
  expect(runEvents.every((e) => e.scheduleId === schedule.id && e.run.id === run.id && e.run.scheduleId === schedule.id)).toBe(true);
  expect(runEvents[0].run.trigger).toBe('MANUAL');
  expect(runEvents.at(-1)!.run.status).toBe('SUCCEEDED');
  expect(events.at(-1)).toEqual({ kind: 'DELETED', scheduleId: schedule.id, at: expect.any(String), schedule: null, run: null });
  expect(events.filter((e) => e.kind === 'UPDATED').every((e) => e.schedule.id === e.scheduleId)).toBe(true);

  // The other org sees only its own schedule; the filtered subscription only `other`.
  const marker = await create(theirs, { name: 'theirs' });
  const foreign = (await foreignSub.until((evs) => evs.some((e) => e.scheduleEvents.scheduleId === marker.id))).map((e) => e.scheduleEvents);
  expect(foreign.every((e) => e.scheduleId === marker.id)).toBe(true);
  await api().data(UPDATE, { id: other.id, input: { name: 'other, renamed' } }, mine);
  const filtered = (await oneSub.until((evs) => evs.some((e) => e.scheduleEvents.schedule?.name === 'other, renamed'))).map((e) => e.scheduleEvents);
  expect(filtered.every((e) => e.scheduleId === other.id)).toBe(true);
  expect(filtered.at(-1)).toMatchObject({ kind: 'UPDATED', scheduleId: other.id });
  await sub.close();
  await foreignSub.close();
  await oneSub.close();

  // Without schedules:read the subscription is refused.
  const refused = api().subscribe(EVENTS, {}, await orgToken('events-a', ['jobs:read']));
  await refused.ended();
  expect(refused.events).toEqual([]);
  expect(refused.results[0]!.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  await refused.close();
});
