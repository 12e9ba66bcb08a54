/**
 * The MongoDB adapter's jobs repository (and what hangs off it: slots, leases, steps, waits, LLM
 * calls) over in-memory mingo collections, as a `Store` for the parts of the store contract that need
 * no server. Its collections are exposed, so a test can look at what was written where. Repositories
 * it does not stand in for reject every call.
 */
import type { ClientSession } from 'mongodb';
import { ChangeFeed } from '../../src/engine/store/change-feed.js';
import type { Store } from '../../src/engine/store/port.js';
import type { JobDoc, JobLogDoc, JobStepDoc, JobWaitDoc, KeptSignalDoc, LlmCallDoc, WaitEventDoc } from '../../src/engine/store/mongo/documents.js';
import { MongoJobRepository } from '../../src/engine/store/mongo/jobs.js';
import { MongoJobLogRepository } from '../../src/engine/store/mongo/job-logs.js';
import { Slots, type LimitsDoc, type SlotDoc } from '../../src/engine/store/mongo/limits.js';
import { JobCounters, type JobCountDoc } from '../../src/engine/store/mongo/job-counts.js';
import { JobLeases, type JobLeaseDoc } from '../../src/engine/store/mongo/leases.js';
import { MongoJobStepRepository } from '../../src/engine/store/mongo/steps.js';
import { MongoJobWaitRepository } from '../../src/engine/store/mongo/waits.js';
import { MongoLlmCallRepository } from '../../src/engine/store/mongo/llm-calls.js';
import { MingoCollection } from './mingo-collection.js';

export interface MingoStoreCollections {
  jobs: MingoCollection<JobDoc>;
  leases: MingoCollection<JobLeaseDoc>;
  slots: MingoCollection<SlotDoc>;
  counts?: MingoCollection<JobCountDoc>;
}

export function openMingoStore(c: MingoStoreCollections = { jobs: new MingoCollection(), leases: new MingoCollection(), slots: new MingoCollection() }): Store {
  const steps = new MingoCollection<JobStepDoc & { _id: string }>().collection;
  const waits = new MingoCollection<JobWaitDoc>().collection;
  const signals = new MingoCollection<KeptSignalDoc>().collection;
  const logs = new MingoCollection<JobLogDoc>().collection;
  const logCounters = new MingoCollection<{ _id: string; seq: number }>().collection;
  const transact = <T,>(fn: (session: ClientSession | undefined) => Promise<T>) => fn(undefined);
  const counts = new JobCounters((c.counts ?? new MingoCollection<JobCountDoc>()).collection);
  const jobs = new MongoJobRepository({
    transact,
    jobs: c.jobs.collection,
    logs,
    logCounters,
    slots: new Slots(c.slots.collection, c.jobs.collection, new MingoCollection<LimitsDoc>().collection),
    leases: new JobLeases(c.leases.collection),
    counts,
    steps,
    waits,
    signals,
  });
  const missing = new Proxy({}, { get: () => () => Promise.reject(new Error('not part of the mingo store')) }) as never;
  return {
    kind: 'mingo',
    exclusive: false,
    durability: {},
    jobs,
    steps: new MongoJobStepRepository(steps, c.jobs.collection, transact),
    waits: new MongoJobWaitRepository({ waits, signals, events: new MingoCollection<WaitEventDoc>().collection, jobs: c.jobs.collection, counts, transact }),
    llmCalls: new MongoLlmCallRepository(new MingoCollection<LlmCallDoc>().collection),
    changes: new ChangeFeed(),
    logs: new MongoJobLogRepository(logs, logCounters),
    audit: missing,
    tokens: missing,
    workers: missing,
    schedules: missing,
    scheduleRuns: missing,
    alerts: missing,
    schedulerHeartbeats: missing,
    prices: missing,
    budgets: missing,
    close: async () => undefined,
  } as Store;
}
