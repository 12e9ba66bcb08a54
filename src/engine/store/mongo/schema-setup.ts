/**
 * What the store does to a database at open, idempotently: check the server, create the
 * collections (announced ones with change-stream images), change options only where they are not
 * already right, and create the indexes. A user with the `readWrite` role can open a database that
 * is already set up: `collMod` (which needs `dbAdmin`) runs only when an option is missing.
 */
import type { CollectionInfo, Db, Document } from 'mongodb';
import { ANNOUNCED_COLLECTIONS } from './change-stream.js';
import { COLLECTIONS, INDEXES, JOB_COUNTS_SINCE, MONGO_SCHEMA_VERSION, OBSOLETE_INDEXES } from './indexes.js';
import { JobCounters, type JobCountDoc } from './job-counts.js';
import type { JobDoc } from './documents.js';

export class MongoSetupError extends Error {}

/** The oldest server the store runs on: change-stream pre- and post-images came in 6.0. */
export const MIN_SERVER_VERSION = [6, 0] as const;

/** Refuses a server older than 6.0, with its version and what is needed. */
export function assertServerVersion(buildInfo: Document): void {
  const version = typeof buildInfo.version === 'string' ? buildInfo.version : '';
  const [major = 0, minor = 0] = Array.isArray(buildInfo.versionArray) ? (buildInfo.versionArray as number[]) : version.split('.').map(Number);
  if (major > MIN_SERVER_VERSION[0] || (major === MIN_SERVER_VERSION[0] && minor >= MIN_SERVER_VERSION[1])) return;
  throw new MongoSetupError(
    `MongoDB ${version || 'of unknown version'} is too old: jobcenter needs MongoDB ${MIN_SERVER_VERSION.join('.')} or newer ` +
      '(it announces each write with the document as that write left it, which needs change-stream pre- and post-images)',
  );
}

/** The options every new announced collection is created with. */
export const IMAGES_ON = { changeStreamPreAndPostImages: { enabled: true } } as const;

/** Which existing announced collections lack change-stream images (so need a `collMod`), from `listCollections`. */
export function collectionsNeedingImages(infos: Array<Pick<CollectionInfo, 'name' | 'options'>>): string[] {
  const byName = new Map(infos.map((i) => [i.name, i]));
  return ANNOUNCED_COLLECTIONS.filter((name) => {
    const info = byName.get(name);
    return info !== undefined && (info.options as Document | undefined)?.changeStreamPreAndPostImages?.enabled !== true;
  });
}

interface MetaDoc {
  _id: string;
  version?: number;
}

export async function ensureSchema(db: Db): Promise<void> {
  const meta = db.collection<MetaDoc>(COLLECTIONS.meta);
  const current = await meta.findOne({ _id: 'schema' });
  if (current?.version !== undefined && current.version > MONGO_SCHEMA_VERSION) {
    throw new MongoSetupError(
      `the database is at schema version ${current.version}, newer than this jobcenter (${MONGO_SCHEMA_VERSION}); upgrade jobcenter`,
    );
  }
  const infos = await db.listCollections({}, { nameOnly: false }).toArray();
  const existing = new Set(infos.map((c) => c.name));
  const announced = new Set<string>(ANNOUNCED_COLLECTIONS);
  for (const name of Object.values(COLLECTIONS)) {
    if (!existing.has(name)) await db.createCollection(name, announced.has(name) ? IMAGES_ON : {}).catch(ignoreExists);
  }
  // Collections made by an older jobcenter (or by hand) get their images once; this needs dbAdmin.
  for (const name of collectionsNeedingImages(infos)) {
    await db.command({ collMod: name, ...IMAGES_ON }).catch((error: unknown) => {
      throw new MongoSetupError(
        `collection ${name} needs change-stream pre- and post-images, and enabling them failed (${(error as Error).message}). ` +
          `Run once as a user with the dbAdmin role: db.runCommand({ collMod: "${name}", changeStreamPreAndPostImages: { enabled: true } })`,
        { cause: error },
      );
    });
  }
  for (const { collection, name } of OBSOLETE_INDEXES) {
    if (!existing.has(collection)) continue;
    const names = (await db.collection(collection).listIndexes().toArray()).map((i) => i.name as string);
    if (names.includes(name)) await db.collection(collection).dropIndex(name);
  }
  for (const index of INDEXES) await db.collection(index.collection).createIndex(index.key, index.options);
  // A database from before the counters has jobs they do not count yet.
  if ((current?.version ?? 0) < JOB_COUNTS_SINCE) {
    await new JobCounters(db.collection<JobCountDoc>(COLLECTIONS.jobCounts)).recount(db.collection<JobDoc>(COLLECTIONS.jobs));
  }
  await meta.updateOne({ _id: 'schema' }, { $max: { version: MONGO_SCHEMA_VERSION } }, { upsert: true });
}

function ignoreExists(error: unknown): void {
  if ((error as { codeName?: string }).codeName !== 'NamespaceExists') throw error;
}
