/**
 * The scale-out store: MongoDB, shared by any number of jobcenter processes (API servers, workers).
 * A replica set (or sharded cluster) is required for change streams; the store refuses to open on a
 * standalone server. Collections and indexes are created idempotently at open.
 */
import { MongoClient, type Db, type Document } from 'mongodb';
import { ChangeFeed } from '../change-feed.js';
import type { LogSink } from '../../domain/log-sink.js';
import type { Store } from '../port.js';
import { ChangeStreamFeed, type ResumeTokenDoc } from './change-stream.js';
import type {
  AlertDoc,
  AuditDoc,
  JobDoc,
  JobLogDoc,
  LlmCallDoc,
  ScheduleDoc,
  ScheduleRunDoc,
  SchedulerHeartbeatDoc,
  TokenDoc,
  WorkerDoc,
} from './documents.js';
import { COLLECTIONS, INDEXES, MONGO_SCHEMA_VERSION } from './indexes.js';
import { MongoJobRepository } from './jobs.js';
import { Slots, type SlotDoc } from './limits.js';
import { MongoLlmCallRepository } from './llm-calls.js';
import { MongoAuditRepository } from './audit.js';
import { MongoJobLogRepository } from './job-logs.js';
import { MongoTokenRepository } from './tokens.js';
import { MongoWorkerRepository } from './workers.js';
import { MongoAlertRepository } from './alerts.js';
import { MongoScheduleRepository } from './schedules.js';
import { MongoScheduleRunRepository } from './schedule-runs.js';
import { MongoSchedulerHeartbeatRepository } from './scheduler-heartbeats.js';

export interface MongoStoreOptions {
  uri: string;
  /** The database; defaults to the one in the URI, else "jobcenter". */
  dbName?: string;
  /** Names this process's change-stream resume token (one per process name). */
  nodeName: string;
  logger: LogSink;
  /** How long to look for a reachable server before giving up (default 10 s). */
  serverSelectionTimeoutMs?: number;
}

export class MongoSetupError extends Error {}

/** Change streams need a replica set or a sharded cluster; `hello` tells which this is. */
export function assertChangeStreams(hello: Document, where: string): void {
  if (typeof hello.setName === 'string' || hello.msg === 'isdbgrid') return;
  throw new MongoSetupError(
    `MongoDB at ${where} is a standalone server, but jobcenter needs change streams, which need a replica set ` +
      'or a sharded cluster. Start mongod with --replSet rs0 and run rs.initiate() once: a one-member replica set is enough.',
  );
}

/** Where a URI points, without its credentials (for messages). */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

interface MetaDoc {
  _id: string;
  version?: number;
}

async function ensureSchema(db: Db): Promise<void> {
  const meta = db.collection<MetaDoc>(COLLECTIONS.meta);
  const current = await meta.findOne({ _id: 'schema' });
  if (current?.version !== undefined && current.version > MONGO_SCHEMA_VERSION) {
    throw new MongoSetupError(
      `the database is at schema version ${current.version}, newer than this jobcenter (${MONGO_SCHEMA_VERSION}); upgrade jobcenter`,
    );
  }
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of Object.values(COLLECTIONS)) {
    if (!existing.has(name)) await db.createCollection(name).catch(ignoreExists);
  }
  // Deletions are announced with the deleted job or schedule's org (it decides who may see the event).
  for (const name of [COLLECTIONS.jobs, COLLECTIONS.schedules]) {
    await db.command({ collMod: name, changeStreamPreAndPostImages: { enabled: true } });
  }
  for (const index of INDEXES) await db.collection(index.collection).createIndex(index.key, index.options);
  await meta.updateOne({ _id: 'schema' }, { $max: { version: MONGO_SCHEMA_VERSION } }, { upsert: true });
}

function ignoreExists(error: unknown): void {
  if ((error as { codeName?: string }).codeName !== 'NamespaceExists') throw error;
}

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const client = new MongoClient(options.uri, {
    appName: 'jobcenter',
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
  });
  try {
    await client.connect().catch((error: Error) => {
      throw new MongoSetupError(`cannot reach MongoDB at ${redactUri(options.uri)}: ${error.message}`, { cause: error });
    });
    const db = client.db(options.dbName);
    assertChangeStreams(await db.admin().command({ hello: 1 }), redactUri(options.uri));
    await ensureSchema(db);
    const changes = new ChangeFeed((error) => options.logger.error({ err: error }, 'change listener failed'));
    const stream = new ChangeStreamFeed(
      db,
      changes,
      db.collection<ResumeTokenDoc>(COLLECTIONS.meta),
      options.nodeName,
      options.logger.child({ module: 'change-stream' }),
    );
    await stream.start();
    const logs = db.collection<JobLogDoc>(COLLECTIONS.jobLogs);
    const logCounters = db.collection<{ _id: string; seq: number }>(COLLECTIONS.logCounters);
    const scheduleRuns = db.collection<ScheduleRunDoc>(COLLECTIONS.scheduleRuns);
    return {
      kind: 'mongo',
      exclusive: false,
      durability: { writeConcern: String(db.writeConcern?.w ?? 'server default (majority)'), changeStreams: 'on' },
      jobs: new MongoJobRepository({
        jobs: db.collection<JobDoc>(COLLECTIONS.jobs),
        logs,
        logCounters,
        slots: new Slots(db.collection<SlotDoc>(COLLECTIONS.slots)),
        audit: db.collection<AuditDoc>(COLLECTIONS.audit),
      }),
      logs: new MongoJobLogRepository(logs, logCounters),
      audit: new MongoAuditRepository(db.collection<AuditDoc>(COLLECTIONS.audit)),
      tokens: new MongoTokenRepository(db.collection<TokenDoc>(COLLECTIONS.tokens)),
      workers: new MongoWorkerRepository(db.collection<WorkerDoc>(COLLECTIONS.workers)),
      llmCalls: new MongoLlmCallRepository(db.collection<LlmCallDoc>(COLLECTIONS.llmCalls)),
      schedules: new MongoScheduleRepository(db.collection<ScheduleDoc>(COLLECTIONS.schedules), scheduleRuns),
      scheduleRuns: new MongoScheduleRunRepository(scheduleRuns),
      alerts: new MongoAlertRepository(db.collection<AlertDoc>(COLLECTIONS.alerts)),
      schedulerHeartbeats: new MongoSchedulerHeartbeatRepository(db.collection<SchedulerHeartbeatDoc>(COLLECTIONS.schedulerHeartbeats)),
      changes,
      async close() {
        await stream.stop().catch(() => undefined);
        await client.close();
      },
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}
