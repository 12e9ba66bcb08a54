/**
 * The scale-out store: MongoDB, shared by any number of jobcenter processes (API servers, workers).
 * A replica set (or sharded cluster) is required for change streams; the store refuses to open on a
 * standalone server. Collections and indexes are created idempotently at open.
 */
import { MongoClient, type Document } from 'mongodb';
import { ChangeFeed } from '../change-feed.js';
import type { LogSink } from '../../domain/log-sink.js';
import type { Store } from '../port.js';
import { ChangeStreamFeed, type ResumeTokenDoc } from './change-stream-feed.js';
import { supportsSplitEvents } from './change-fragments.js';
import type {
  AlertDoc,
  AuditDoc,
  JobDoc,
  JobLogDoc,
  JobStepDoc,
  JobWaitDoc,
  KeptSignalDoc,
  LlmCallDoc,
  WaitEventDoc,
  ScheduleDoc,
  ScheduleRunDoc,
  SchedulerHeartbeatDoc,
  TokenDoc,
  WorkerDoc,
} from './documents.js';
import { COLLECTIONS } from './indexes.js';
import { assertServerVersion, ensureSchema, MongoSetupError } from './schema-setup.js';

export { MongoSetupError };
import { MongoJobRepository, type Transact } from './jobs.js';
import { Slots, type LimitsDoc, type SlotDoc } from './limits.js';
import { JobLeases, type JobLeaseDoc } from './leases.js';
import { JobCounters, type JobCountDoc } from './job-counts.js';
import { MongoLlmCallRepository } from './llm-calls.js';
import { MongoPriceRepository, type PriceDoc } from './prices.js';
import { MongoBudgetRepository, type BudgetDoc, type HoldDoc } from './budgets.js';
import { MongoAuditRepository } from './audit.js';
import { MongoJobLogRepository } from './job-logs.js';
import { MongoTokenRepository } from './tokens.js';
import { MongoWorkerRepository } from './workers.js';
import { MongoAlertRepository } from './alerts.js';
import { MongoScheduleRepository } from './schedules.js';
import { MongoScheduleRunRepository } from './schedule-runs.js';
import { MongoSchedulerHeartbeatRepository } from './scheduler-heartbeats.js';
import { MongoJobStepRepository } from './steps.js';
import { MongoJobWaitRepository } from './waits.js';
import { MongoMetricsRollupRepository, type MetricMarkDoc, type MetricMinuteDoc } from './metrics-rollups.js';

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

/**
 * The database: the one given, else the URI's path, else "jobcenter". (`client.db(undefined)` would
 * fall back to the URI's database and then to "test", not to "jobcenter".)
 */
export function mongoDbName(uri: string, dbName: string | undefined): string {
  if (dbName) return dbName;
  // mongodb://[user:pass@]hosts/[database][?options]; hosts may hold commas, never a slash.
  const path = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(uri)?.[1];
  const fromUri = path ? decodeURIComponent(path) : '';
  return fromUri || 'jobcenter';
}

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const client = new MongoClient(options.uri, {
    appName: 'jobcenter',
    // An undefined field is left out, as SQLite's JSON drops it; without this the driver stores null.
    // (Values are also made JSON-clean above the store: domain/size-limits.ts.)
    ignoreUndefined: true,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
  });
  try {
    await client.connect().catch((error: Error) => {
      throw new MongoSetupError(`cannot reach MongoDB at ${redactUri(options.uri)}: ${error.message}`, { cause: error });
    });
    const db = client.db(mongoDbName(options.uri, options.dbName));
    assertChangeStreams(await db.admin().command({ hello: 1 }), redactUri(options.uri));
    const buildInfo = await db.admin().command({ buildInfo: 1 });
    assertServerVersion(buildInfo);
    await ensureSchema(db);
    const changes = new ChangeFeed((error) => options.logger.error({ err: error }, 'change listener failed'));
    const stream = new ChangeStreamFeed(
      db,
      changes,
      db.collection<ResumeTokenDoc>(COLLECTIONS.meta),
      options.nodeName,
      options.logger.child({ module: 'change-stream' }),
      { splitLargeEvents: supportsSplitEvents(buildInfo) },
    );
    await stream.start();
    const logs = db.collection<JobLogDoc>(COLLECTIONS.jobLogs);
    const logCounters = db.collection<{ _id: string; seq: number }>(COLLECTIONS.logCounters);
    const scheduleRuns = db.collection<ScheduleRunDoc>(COLLECTIONS.scheduleRuns);
    const steps = db.collection<JobStepDoc>(COLLECTIONS.jobSteps);
    const waits = db.collection<JobWaitDoc>(COLLECTIONS.jobWaits);
    const signals = db.collection<KeptSignalDoc>(COLLECTIONS.jobSignals);
    const transact: Transact = (fn) => client.withSession((session) => session.withTransaction(() => fn(session)));
    const counts = new JobCounters(db.collection<JobCountDoc>(COLLECTIONS.jobCounts));
    const jobs = new MongoJobRepository({
      transact,
      jobs: db.collection<JobDoc>(COLLECTIONS.jobs),
      logs,
      logCounters,
      slots: new Slots(db.collection<SlotDoc>(COLLECTIONS.slots), db.collection<JobDoc>(COLLECTIONS.jobs), db.collection<LimitsDoc>(COLLECTIONS.meta)),
      leases: new JobLeases(db.collection<JobLeaseDoc>(COLLECTIONS.jobLeases)),
      counts,
      audit: db.collection<AuditDoc>(COLLECTIONS.audit),
      steps,
      waits,
      signals,
    });
    return {
      kind: 'mongo',
      exclusive: false,
      durability: { writeConcern: String(db.writeConcern?.w ?? 'server default (majority)'), changeStreams: 'on' },
      jobs,
      logs: new MongoJobLogRepository(logs, logCounters),
      audit: new MongoAuditRepository(db.collection<AuditDoc>(COLLECTIONS.audit)),
      tokens: new MongoTokenRepository(db.collection<TokenDoc>(COLLECTIONS.tokens)),
      workers: new MongoWorkerRepository(db.collection<WorkerDoc>(COLLECTIONS.workers)),
      llmCalls: new MongoLlmCallRepository(db.collection<LlmCallDoc>(COLLECTIONS.llmCalls)),
      prices: new MongoPriceRepository(db.collection<PriceDoc>(COLLECTIONS.modelPrices)),
      budgets: new MongoBudgetRepository(db.collection<BudgetDoc>(COLLECTIONS.budgets), db.collection<HoldDoc>(COLLECTIONS.budgetHolds)),
      schedules: new MongoScheduleRepository(db.collection<ScheduleDoc>(COLLECTIONS.schedules), scheduleRuns),
      // Firing a batch of slots writes runs, jobs and schedules in one transaction.
      scheduleRuns: new MongoScheduleRunRepository(scheduleRuns, {
        client,
        jobs: db.collection<JobDoc>(COLLECTIONS.jobs),
        schedules: db.collection<ScheduleDoc>(COLLECTIONS.schedules),
        counts,
      }),
      alerts: new MongoAlertRepository(db.collection<AlertDoc>(COLLECTIONS.alerts)),
      schedulerHeartbeats: new MongoSchedulerHeartbeatRepository(db.collection<SchedulerHeartbeatDoc>(COLLECTIONS.schedulerHeartbeats)),
      steps: new MongoJobStepRepository(steps, db.collection<JobDoc>(COLLECTIONS.jobs), transact),
      waits: new MongoJobWaitRepository({ waits, signals, events: db.collection<WaitEventDoc>(COLLECTIONS.waitEvents), jobs: db.collection<JobDoc>(COLLECTIONS.jobs), counts, transact }),
      metricsRollups: new MongoMetricsRollupRepository({
        transact,
        jobs: db.collection<JobDoc>(COLLECTIONS.jobs),
        marks: db.collection<MetricMarkDoc>(COLLECTIONS.metricMarks),
        minutes: db.collection<MetricMinuteDoc>(COLLECTIONS.metricMinutes),
      }),
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
