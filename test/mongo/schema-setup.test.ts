/**
 * What the MongoDB store decides at open from what the server says, without a server: which
 * collections need a `collMod` (from `listCollections` output), which servers are too old, and
 * which database it uses.
 */
import { describe, expect, test } from 'vitest';
import { ANNOUNCED_COLLECTIONS } from '../../src/engine/store/mongo/change-stream.js';
import { mongoDbName } from '../../src/engine/store/mongo/index.js';
import { assertServerVersion, collectionsNeedingImages, ensureSchema, MongoSetupError } from '../../src/engine/store/mongo/schema-setup.js';
import { COLLECTIONS, MONGO_SCHEMA_VERSION } from '../../src/engine/store/mongo/indexes.js';
import type { Db, Document } from 'mongodb';

const images = { changeStreamPreAndPostImages: { enabled: true } };

describe('collMod runs only where change-stream images are missing', () => {
  test('a database set up before (every announced collection has images): no collMod, so readWrite is enough', () => {
    const infos = [...ANNOUNCED_COLLECTIONS.map((name) => ({ name, options: images })), { name: 'meta', options: {} }, { name: 'workers', options: {} }];
    expect(collectionsNeedingImages(infos)).toEqual([]);
  });

  test('collections made by an older version, or with images off, get one; missing ones are created with them instead', () => {
    const infos = [
      { name: 'jobs', options: images },
      { name: 'schedules', options: { changeStreamPreAndPostImages: { enabled: false } } },
      { name: 'llm_calls', options: {} },
      { name: 'job_logs' }, // listCollections may leave options out
      { name: 'audit_entries', options: {} }, // not announced: never
    ];
    expect(collectionsNeedingImages(infos as never)).toEqual(['job_logs', 'llm_calls', 'schedules']);
  });

  test('every collection whose writes are announced is covered', () => {
    expect([...ANNOUNCED_COLLECTIONS].sort()).toEqual(['alerts', 'job_logs', 'jobs', 'llm_calls', 'schedule_runs', 'schedules']);
  });
});

describe('server version', () => {
  test('6.0 and newer are accepted; older ones are refused with the version and what is needed', () => {
    for (const version of ['6.0.0', '6.0.19', '7.0.14', '8.0.4']) {
      expect(() => assertServerVersion({ version, versionArray: version.split('.').map(Number) })).not.toThrow();
    }
    const refuse = () => assertServerVersion({ version: '5.0.26', versionArray: [5, 0, 26, 0] });
    expect(refuse).toThrow(MongoSetupError);
    expect(refuse).toThrow(/MongoDB 5\.0\.26 is too old.*6\.0 or newer/);
    expect(() => assertServerVersion({ version: '4.4.1' })).toThrow(/4\.4\.1 is too old/);
  });
});

describe('database name', () => {
  test('the one given, else the URI’s, else jobcenter (never the driver’s "test")', () => {
    expect(mongoDbName('mongodb://h1,h2/?replicaSet=rs0', undefined)).toBe('jobcenter');
    expect(mongoDbName('mongodb://h1:27017', undefined)).toBe('jobcenter');
    expect(mongoDbName('mongodb://u:p@h1:27017/', undefined)).toBe('jobcenter');
    expect(mongoDbName('mongodb://u:p@h1:27017/prod_jobs?replicaSet=rs0', undefined)).toBe('prod_jobs');
    expect(mongoDbName('mongodb+srv://cluster.example/apps', undefined)).toBe('apps');
    expect(mongoDbName('mongodb://h1/prod_jobs', 'other')).toBe('other');
  });
});

describe('ensureSchema on an empty database', () => {
  /** A database that records what ensureSchema asks of it. */
  function recordingDb(version?: number) {
    const rebuilt: Document[] = [];
    const created: Array<{ name: string; options: Document }> = [];
    const indexes: Array<{ collection: string; key: Document; name: string }> = [];
    const meta: Document[] = [];
    const db = {
      listCollections: () => ({ toArray: async () => [] }),
      createCollection: async (name: string, options: Document) => void created.push({ name, options }),
      command: async () => {
        throw new Error('no collMod on a new database');
      },
      collection: (name: string) => ({
        findOne: async () => (version === undefined ? null : { _id: 'schema', version }),
        listIndexes: () => ({ toArray: async () => [] }),
        createIndex: async (key: Document, options: { name: string }) => void indexes.push({ collection: name, key, name: options.name }),
        updateOne: async (_filter: Document, update: Document) => void meta.push(update),
        // The counters' rebuild at upgrade, over no jobs.
        aggregate: () => ({ toArray: async () => [{ _id: { orgId: 'acme', status: 'QUEUED', type: 'a' }, n: 7 }] }),
        bulkWrite: async (ops: Document[]) => void rebuilt.push(...ops),
        deleteMany: async () => ({ deletedCount: 0 }),
      }),
    };
    return { db: db as unknown as Db, created, indexes, meta, rebuilt };
  }

  test('job_leases is created without change-stream images, with its expiry index; the version is recorded', async () => {
    const { db, created, indexes, meta } = recordingDb();
    await ensureSchema(db);
    expect(created.find((c) => c.name === COLLECTIONS.jobLeases)).toEqual({ name: 'job_leases', options: {} });
    expect(created.find((c) => c.name === COLLECTIONS.jobs)?.options).toEqual(images);
    expect(indexes).toContainEqual({ collection: 'job_leases', key: { expiresAt: 1 }, name: 'expires' });
    expect(meta).toEqual([{ $max: { version: MONGO_SCHEMA_VERSION } }]);
    expect(MONGO_SCHEMA_VERSION).toBe(5);
  });

  test('the job counters are built from the jobs when the database comes from before them (schema 4), not again after', async () => {
    const older = recordingDb(4);
    await ensureSchema(older.db);
    expect(older.rebuilt).toEqual([
      { updateOne: { filter: { _id: 'acme\u0000QUEUED\u0000a' }, update: { $set: { orgId: 'acme', status: 'QUEUED', type: 'a', n: 7 } }, upsert: true } },
    ]);
    const current = recordingDb(MONGO_SCHEMA_VERSION);
    await ensureSchema(current.db);
    expect(current.rebuilt).toEqual([]);
  });
});
