/**
 * LiveEvents over a real change feed: each org's subscribers get only its changes, with the stamp
 * the feed gave (the same for all); a resume replays what the org's window still holds and asks for
 * a restart when it does not (evicted, foreign or malformed id); event ids round-trip.
 */
import { expect, test } from 'vitest';
import type { ChangeEvent, ChangeStamp } from '../../src/engine/domain/change-event.js';
import { decodeEventId, encodeEventId } from '../../src/engine/domain/event-id.js';
import type { Job } from '../../src/engine/domain/types.js';
import { LiveEvents } from '../../src/engine/services/live-events.js';
import { DELIVERY_SLICE_MS } from '../../src/engine/services/live-groups.js';
import { ChangeFeed } from '../../src/engine/store/change-feed.js';

const job = (id: string, orgId: string, status: Job['status'] = 'QUEUED') => ({ id, orgId, status }) as Job;
const actor = (orgId: string) => ({ orgId, userId: 'u' });
const created = (id: string, orgId: string): ChangeEvent => ({ kind: 'job.created', job: job(id, orgId) });

test('each org hears only its own changes, every subscriber with the same stamp', () => {
  const feed = new ChangeFeed();
  const live = new LiveEvents(feed);
  const a1: [string, ChangeStamp][] = [];
  const a2: [string, ChangeStamp][] = [];
  const b: string[] = [];
  live.subscribe(actor('a'), (e, s) => a1.push([(e as { job: Job }).job.id, s]));
  live.subscribe(actor('a'), (e, s) => a2.push([(e as { job: Job }).job.id, s]));
  live.subscribe(actor('b'), (e) => b.push((e as { job: Job }).job.id));
  feed.emit(created('j1', 'a'));
  feed.emit(created('j2', 'b'));
  feed.emit(created('j3', 'a'));
  expect(a1.map(([id]) => id)).toEqual(['j1', 'j3']);
  expect(a2).toEqual(a1);
  expect(b).toEqual(['j2']);
  expect(a1[1]![1].seq).toBeGreaterThan(a1[0]![1].seq);
  expect(live.subscriberCount).toBe(3);
});

test('a resume replays the org window after the id; an evicted, foreign or malformed id asks for a restart', () => {
  const feed = new ChangeFeed();
  const live = new LiveEvents(feed, { replayEvents: 3 });
  const stamps: ChangeStamp[] = [];
  live.subscribe(actor('a'), (_e, s) => stamps.push(s));
  for (let i = 1; i <= 3; i++) feed.emit(created(`j${i}`, 'a'));
  feed.emit(created('other', 'b'));

  const replayed: string[] = [];
  const first = live.subscribe(actor('a'), (e) => replayed.push((e as { job: Job }).job.id), live.eventId(stamps[0]!));
  expect(first.resume).toBe('replayed');
  expect(replayed).toEqual(['j2', 'j3']);

  feed.emit(created('j4', 'a'));
  feed.emit(created('j5', 'a')); // j1 and j2 have left the window
  const gone = live.subscribe(actor('a'), () => undefined, live.eventId(stamps[0]!));
  expect(gone.resume).toBe('restart');
  const stillHeld = live.subscribe(actor('a'), () => undefined, live.eventId(stamps[1]!));
  expect(stillHeld.resume).toBe('replayed');

  const foreign = encodeEventId({ instance: 'someoneelse', seq: 1 });
  expect(live.subscribe(actor('a'), () => undefined, foreign).resume).toBe('restart');
  expect(live.subscribe(actor('a'), () => undefined, 'not an id').resume).toBe('restart');
});

test('the status a job had before a change is known for jobs seen since the start', () => {
  const feed = new ChangeFeed();
  const live = new LiveEvents(feed);
  const running: ChangeEvent = { kind: 'job.updated', job: job('j', 'a', 'RUNNING') };
  const done: ChangeEvent = { kind: 'job.updated', job: job('j', 'a', 'SUCCEEDED') };
  const unseen: ChangeEvent = { kind: 'job.updated', job: job('k', 'a', 'FAILED') };
  feed.emit(running);
  feed.emit(done);
  feed.emit(unseen);
  expect(live.statusBefore(done)).toBe('RUNNING');
  expect(live.statusBefore(unseen)).toBeUndefined();
});

test('event ids round-trip and reject what is not one', () => {
  expect(decodeEventId(encodeEventId({ instance: 'abc123', seq: 42 }))).toEqual({ instance: 'abc123', seq: 42 });
  expect(decodeEventId('')).toBeUndefined();
  expect(decodeEventId('x'.repeat(500))).toBeUndefined();
  expect(decodeEventId(Buffer.from('abc:-1').toString('base64url'))).toBeUndefined();
});

test("an org's consecutive events have consecutive positions, whatever other orgs do in between", () => {
  const feed = new ChangeFeed();
  const live = new LiveEvents(feed);
  const ids: string[] = [];
  live.subscribe(actor('quiet'), (_e, s) => ids.push(live.eventId(s)));
  feed.emit(created('q1', 'quiet'));
  for (let i = 0; i < 50; i++) feed.emit(created(`busy${i}`, 'busy'));
  feed.emit(created('q2', 'quiet'));
  feed.emit(created('busy-again', 'busy'));
  feed.emit(created('q3', 'quiet'));
  expect(ids.map((id) => decodeEventId(id)?.seq)).toEqual([1, 2, 3]);
  // Where a snapshot read stands is the org's own position too.
  expect(decodeEventId(live.position(actor('quiet')))?.seq).toBe(3);
  expect(decodeEventId(live.position(actor('busy')))?.seq).toBe(51);
  // A resume after the quiet org's first event replays its next two, none of the busy org's.
  const replayed: string[] = [];
  live.subscribe(actor('quiet'), (e) => replayed.push((e as { job: Job }).job.id), ids[0]);
  expect(replayed).toEqual(['q2', 'q3']);
  // An id past the org's own position (another org's, say) is not one this org can resume from.
  const unknownYet = encodeEventId({ instance: live.instance, seq: 40 });
  expect(live.subscribe(actor('quiet'), () => undefined, unknownYet).resume).toBe('restart');
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

test("a group selects each of its org's changes once for all its members, in order; the last one out stops it", async () => {
  const feed = new ChangeFeed();
  const live = new LiveEvents(feed);
  let selected = 0;
  const select = (e: ChangeEvent) => {
    selected++;
    return (e as { job: Job }).job.id;
  };
  const got: string[][] = [[], [], []];
  const leave = got.map((into) => live.join(actor('a'), 'all', select, (id) => into.push(id)));
  const other: string[] = [];
  live.join(actor('b'), 'all', select, (id) => other.push(id));
  expect(live.subscriberCount).toBe(4);
  expect(live.groups.groups).toBe(2);
  feed.emit(created('j1', 'a'));
  expect(selected).toBe(1);
  // Handed on after the announcing write's turn, to the members the group had when it was announced.
  const late: string[] = [];
  const leaveLate = live.join(actor('a'), 'all', select, (id) => late.push(id));
  feed.emit(created('j1b', 'a'));
  expect(got).toEqual([[], [], []]);
  await turn();
  expect(got).toEqual([['j1', 'j1b'], ['j1', 'j1b'], ['j1', 'j1b']]);
  expect(late).toEqual(['j1b']);
  expect(selected).toBe(2);
  expect(other).toEqual([]);
  leaveLate();
  for (const l of leave) l();
  leave[0]!(); // leaving twice is harmless
  expect(live.groups.groups).toBe(1);
  expect(live.subscriberCount).toBe(1);
  feed.emit(created('j2', 'a'));
  expect(selected).toBe(2);
});

test('a large group is handed its changes in slices of time, a turn apart, member by member; members that leave meanwhile are skipped', async () => {
  const feed = new ChangeFeed();
  const live = new LiveEvents(feed);
  // Each member takes a tenth of the slice, so one slice hands a change to about ten of them.
  const busy = () => {
    const until = performance.now() + DELIVERY_SLICE_MS / 10;
    while (performance.now() < until);
  };
  const n = 200;
  const got: number[] = new Array(n).fill(0);
  const leave = got.map((_, i) => live.join(actor('a'), 'all', () => 1, () => (busy(), got[i]!++)));
  feed.emit(created('j1', 'a'));
  feed.emit(created('j2', 'a'));
  await turn();
  // The first slice has handed both changes (they go to the same members) to some members, not all:
  // each member takes the two in turn before the next member's turn.
  const first = got.filter((x) => x === 2).length;
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThan(n);
  expect(got.every((x) => x === 0 || x === 2)).toBe(true);
  leave[n - 1]!();
  for (let i = 0; i < 200 && got[n - 2] !== 2; i++) await turn();
  expect(got.slice(0, n - 1).every((x) => x === 2)).toBe(true);
  expect(got[n - 1]).toBe(0);
});

test('members who leave or join between two changes waiting for their hand-off change neither change’s audience', async () => {
  const feed = new ChangeFeed();
  const live = new LiveEvents(feed);
  const select = (e: ChangeEvent) => (e as { job: Job }).job.id;
  const got: Record<string, string[]> = { a: [], b: [], c: [], d: [] };
  const join = (name: string) => live.join(actor('a'), 'all', select, (id) => got[name]!.push(id));
  const leaveA = join('a');
  join('b');
  join('c');
  feed.emit(created('j1', 'a'));
  leaveA();
  join('d');
  feed.emit(created('j2', 'a'));
  await turn();
  expect(got).toEqual({ a: [], b: ['j1', 'j2'], c: ['j1', 'j2'], d: ['j2'] });
  expect(live.groups.pending).toBe(0);
  expect(live.groups.members).toBe(3);
});

test('statuses are remembered for at least the latest 50,000 changed jobs of an org, and forgotten after 100,000', () => {
  const feed = new ChangeFeed();
  const live = new LiveEvents(feed);
  const updated = (id: string): ChangeEvent => ({ kind: 'job.updated', job: job(id, 'a', 'RUNNING') });
  for (let i = 0; i < 80_000; i++) feed.emit(created(`j${i}`, 'a'));
  // j0 changed 80,000 jobs ago: still known. j30000 changed 50,000 jobs ago, also known.
  const early = updated('j0');
  feed.emit(early);
  const middle = updated('j30000');
  feed.emit(middle);
  expect(live.statusBefore(early)).toBe('QUEUED');
  expect(live.statusBefore(middle)).toBe('QUEUED');
  for (let i = 80_000; i < 200_000; i++) feed.emit(created(`j${i}`, 'a'));
  const forgotten = updated('j1');
  feed.emit(forgotten);
  expect(live.statusBefore(forgotten)).toBeUndefined();
  // A deleted job is forgotten at once, whichever generation held it.
  feed.emit({ kind: 'job.deleted', jobId: 'j199999', orgId: 'a' } as ChangeEvent);
  const again = updated('j199999');
  feed.emit(again);
  expect(live.statusBefore(again)).toBeUndefined();
});
