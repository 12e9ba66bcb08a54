/**
 * The change-stream feed's handling of the driver's stream, without a server: what it asks `watch`
 * for, when it counts the stream as open, what it does when the stream ends without an error, and
 * when it saves the resume token. The driver's ChangeStream is stood in for by an EventEmitter with
 * the same events (`change`, `resumeTokenChanged`, `error`, `close`, `end`); the driver's own
 * behaviour is pinned by reading its source (see the notes by each test).
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { ChangeFeed } from '../../src/engine/store/change-feed.js';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import { CHANGE_STREAM_OPTIONS } from '../../src/engine/store/mongo/change-stream.js';
import { ChangeStreamFeed, isMissingImage, sameToken, type ResumeTokenDoc } from '../../src/engine/store/mongo/change-stream-feed.js';
import { newJobDoc } from '../../src/engine/store/mongo/documents.js';
import { Fragments, supportsSplitEvents } from '../../src/engine/store/mongo/change-fragments.js';

class FakeStream extends EventEmitter {
  closed = false;
  async close() {
    this.closed = true;
    this.emit('close');
  }
}

interface Watch {
  pipeline: Document[];
  options: Document;
  stream: FakeStream;
}

let watches: Watch[];
let saved: Array<{ token: unknown }>;
let stored: ResumeTokenDoc | null;
let events: ChangeEvent[];
let errors: string[];

const db = {
  watch(pipeline: Document[], options: Document) {
    const stream = new FakeStream();
    watches.push({ pipeline, options, stream });
    return stream;
  },
} as unknown as Db;
const tokens = {
  findOne: async () => stored,
  updateOne: async (_filter: unknown, update: { $set: { token: unknown } }) => {
    saved.push({ token: update.$set.token });
    return { modifiedCount: 1 };
  },
  deleteOne: async () => ({ deletedCount: 1 }),
} as unknown as Collection<ResumeTokenDoc>;
const quiet = () => undefined;
const logger: Record<string, unknown> = {
  debug: quiet,
  info: quiet,
  warn: quiet,
  error: (_: unknown, message?: string) => void errors.push(String(message)),
  child: () => logger,
};

function feed(split = false): ChangeStreamFeed {
  const changes = new ChangeFeed(() => undefined);
  changes.subscribe((e) => void events.push(e));
  return new ChangeStreamFeed(db, changes, tokens, 'node-a', logger as never, { splitLargeEvents: split });
}

const job = newJobDoc({ id: 'j1', orgId: 'acme', type: 'sleep', priority: 0, payload: {}, maxAttempts: 3, runAt: 1, createdAt: 1 });
const insert = (n: number) => ({ _id: { _data: `t${n}` }, operationType: 'insert', ns: { db: 'x', coll: 'jobs' }, documentKey: { _id: 'j1' }, fullDocument: job });
const pending = async (promise: Promise<unknown>) => {
  let settled = false;
  void promise.then(() => (settled = true), () => (settled = true));
  await vi.advanceTimersByTimeAsync(0);
  return !settled;
};

beforeEach(() => {
  vi.useFakeTimers();
  watches = [];
  saved = [];
  stored = null;
  events = [];
  errors = [];
});
afterEach(() => void vi.useRealTimers());

describe('opening', () => {
  test('watch is asked for post-images (required) and delete pre-images, from the stored token', async () => {
    stored = { _id: 'resume:node-a', token: { _data: 'stored' }, savedAt: 1 };
    const f = feed();
    const started = f.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(watches[0]!.options).toEqual({ fullDocument: 'required', fullDocumentBeforeChange: 'whenAvailable', startAfter: { _data: 'stored' } });
    expect(CHANGE_STREAM_OPTIONS.fullDocument).toBe('required');
    watches[0]!.stream.emit('resumeTokenChanged', { _data: 'first-batch' });
    await started;
    await f.stop();
  });

  test('the stream counts as open at its first batch (resumeTokenChanged), not after a fallback wait', async () => {
    // The driver emits `init` on its cursor only; ChangeStream forwards resumeTokenChanged, end and
    // close (change_stream.ts, CHANGE_STREAM_EVENTS), and the first batch sets the resume token.
    const f = feed();
    const started = f.start();
    expect(await pending(started)).toBe(true);
    watches[0]!.stream.emit('init', {}); // what the old code waited for: never forwarded by the driver
    expect(await pending(started)).toBe(true);
    watches[0]!.stream.emit('resumeTokenChanged', { _data: 'first-batch' });
    await expect(started).resolves.toBeUndefined();
    await f.stop();
  });

  test('an error before the stream opens fails the start', async () => {
    const f = feed();
    const started = f.start();
    await vi.advanceTimersByTimeAsync(0);
    watches[0]!.stream.emit('error', new Error('not authorized on jobcenter to execute command { aggregate: 1 }'));
    await expect(started).rejects.toThrow(/not authorized/);
  });
});

describe('while open', () => {
  async function open() {
    const f = feed();
    const started = f.start();
    await vi.advanceTimersByTimeAsync(0);
    watches.at(-1)!.stream.emit('resumeTokenChanged', { _data: 't0' });
    await started;
    return f;
  }

  test('a stream that ends without an error is reopened from the last token', async () => {
    const f = await open();
    watches[0]!.stream.emit('change', insert(1));
    expect(events.map((e) => e.kind)).toEqual(['job.created']);
    // An invalidate, or a getMore the server interrupted: the cursor closes, no error.
    watches[0]!.stream.closed = true;
    watches[0]!.stream.emit('close');
    await vi.advanceTimersByTimeAsync(11_000);
    expect(watches).toHaveLength(1); // the driver may still be resuming it
    await vi.advanceTimersByTimeAsync(2500);
    expect(watches).toHaveLength(2);
    expect(watches[1]!.options.startAfter).toEqual({ _data: 't1' });
    watches[1]!.stream.emit('resumeTokenChanged', { _data: 't1' });
    watches[1]!.stream.emit('change', insert(2));
    expect(events).toHaveLength(2);
    // The old stream's late events count for nothing.
    watches[0]!.stream.emit('change', insert(3));
    expect(events).toHaveLength(2);
    await f.stop();
  });

  test('a close followed by the driver resuming on its own (the stream has a live cursor again) opens nothing', async () => {
    const f = await open();
    watches[0]!.stream.emit('close'); // the old cursor closed; `closed` stays false: resumed
    await vi.advanceTimersByTimeAsync(15_000);
    expect(watches).toHaveLength(1);
    await f.stop();
  });

  test('the resume token is saved only when it moved', async () => {
    const f = await open();
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toHaveLength(1);
    watches[0]!.stream.emit('resumeTokenChanged', { _data: 't0' });
    await vi.advanceTimersByTimeAsync(3000);
    expect(saved).toHaveLength(1);
    watches[0]!.stream.emit('change', insert(5));
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved.map((s) => s.token)).toEqual([{ _data: 't0' }, { _data: 't5' }]);
    await f.stop();
    expect(saved).toHaveLength(2); // stop saves only a token that moved
  });

  test('a post-image the server cannot find: one stream without requiring them, then required again', async () => {
    const f = await open();
    watches[0]!.stream.emit('change', insert(1));
    watches[0]!.stream.emit('error', new MongoServerError({ message: 'Change stream was configured to require a post-image for all update, delete and replace events, but the post-image was not found', code: 47 }));
    await vi.advanceTimersByTimeAsync(1500);
    expect(watches).toHaveLength(2);
    expect(watches[1]!.options).toMatchObject({ fullDocument: 'whenAvailable', startAfter: { _data: 't1' } });
    watches[1]!.stream.emit('resumeTokenChanged', { _data: 't1' });
    await vi.advanceTimersByTimeAsync(0);
    watches[1]!.stream.emit('error', new MongoServerError({ message: 'interrupted', code: 11601 }));
    await vi.advanceTimersByTimeAsync(1500);
    expect(watches[2]!.options.fullDocument).toBe('required');
    expect(isMissingImage(new MongoServerError({ message: 'x', code: 11601 }))).toBe(false);
    await f.stop();
  });

  test('a change that cannot be announced is reported, and the feed goes on', async () => {
    const f = await open();
    watches[0]!.stream.emit('change', { ...insert(6), operationType: 'update', fullDocument: null });
    expect(errors).toEqual(['a change could not be announced']);
    watches[0]!.stream.emit('change', insert(7));
    expect(events.map((e) => e.kind)).toEqual(['job.created']);
    await f.stop();
  });
});

describe('events split by the server', () => {
  test('the split stage is asked for only where the server has it (7.0, 6.0.9 and newer)', async () => {
    for (const [split, stages] of [[false, 3], [true, 4]] as const) {
      const f = feed(split);
      const started = f.start();
      await vi.advanceTimersByTimeAsync(0);
      watches.at(-1)!.stream.emit('resumeTokenChanged', { _data: 't0' });
      await started;
      expect(watches.at(-1)!.pipeline).toHaveLength(stages);
      if (split) expect(watches.at(-1)!.pipeline.at(-1)).toEqual({ $changeStreamSplitLargeEvent: {} });
      await f.stop();
    }
    expect(supportsSplitEvents({ versionArray: [7, 0, 2, 0] })).toBe(true);
    expect(supportsSplitEvents({ versionArray: [6, 0, 9, 0] })).toBe(true);
    expect(supportsSplitEvents({ version: '6.0.8' })).toBe(false);
    expect(supportsSplitEvents({ version: '8.0.0' })).toBe(true);
  });

  test('fragments are joined into one event; the token moves only when the whole event is in', async () => {
    const f = feed(true);
    const started = f.start();
    await vi.advanceTimersByTimeAsync(0);
    const stream = watches[0]!.stream;
    stream.emit('resumeTokenChanged', { _data: 't0' });
    await started;
    const { fullDocument, ...rest } = insert(1);
    // As the driver does: each fragment's token first, then the fragment.
    stream.emit('resumeTokenChanged', { _data: 'f1' });
    stream.emit('change', { ...rest, _id: { _data: 'f1' }, splitEvent: { fragment: 1, of: 2 } });
    await vi.advanceTimersByTimeAsync(1500);
    expect(events).toEqual([]);
    expect(saved.map((s) => s.token)).toEqual([{ _data: 't0' }]); // never a token inside the event
    stream.emit('resumeTokenChanged', { _data: 'f2' });
    stream.emit('change', { _id: { _data: 'f2' }, fullDocument, splitEvent: { fragment: 2, of: 2 } });
    expect(events).toMatchObject([{ kind: 'job.created', job: { id: 'j1', orgId: 'acme' } }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved.map((s) => s.token)).toEqual([{ _data: 't0' }, { _data: 'f2' }]);
    await f.stop();
  });

  test('a fragment without the ones before it is reported, not announced half', () => {
    const fragments = new Fragments();
    expect(() => fragments.add({ _id: 1, splitEvent: { fragment: 2, of: 3 } })).toThrow(/fragment 2 of 3/);
    expect(fragments.add({ _id: 1, operationType: 'insert', splitEvent: { fragment: 1, of: 2 } })).toBeUndefined();
    expect(() => fragments.add({ _id: 2, operationType: 'insert' })).toThrow(/cut short/);
    expect(fragments.pending).toBe(false);
    expect(fragments.add({ _id: 3, operationType: 'insert' })).toEqual({ _id: 3, operationType: 'insert' });
  });
});

test('tokens compare by value', () => {
  expect(sameToken({ _data: 'a' }, { _data: 'a' })).toBe(true);
  expect(sameToken({ _data: 'a' }, { _data: 'b' })).toBe(false);
  expect(sameToken(undefined, { _data: 'a' })).toBe(false);
});
