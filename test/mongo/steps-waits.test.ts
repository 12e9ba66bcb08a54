/**
 * The store contract for steps and waits over the MongoDB adapter's repositories, without a server:
 * mingo evaluates their filters and updates over in-memory collections. What only a server shows
 * (the change stream's announcements, atomicity across processes) is in the contract suite over
 * MongoDB (store-contract/mongo.test.ts).
 */
import { describe } from 'vitest';
import type { ClientSession } from 'mongodb';
import { ChangeFeed } from '../../src/engine/store/change-feed.js';
import type { Store } from '../../src/engine/store/port.js';
import type { JobDoc, JobLogDoc, JobStepDoc, JobWaitDoc, KeptSignalDoc, LlmCallDoc, WaitEventDoc } from '../../src/engine/store/mongo/documents.js';
import { MongoJobRepository } from '../../src/engine/store/mongo/jobs.js';
import { Slots, type LimitsDoc, type SlotDoc } from '../../src/engine/store/mongo/limits.js';
import { JobCounters, type JobCountDoc } from '../../src/engine/store/mongo/job-counts.js';
import { JobLeases, type JobLeaseDoc } from '../../src/engine/store/mongo/leases.js';
import { MongoJobStepRepository } from '../../src/engine/store/mongo/steps.js';
import { MongoJobWaitRepository } from '../../src/engine/store/mongo/waits.js';
import { MongoLlmCallRepository } from '../../src/engine/store/mongo/llm-calls.js';
import { useStoreHarness } from '../store-contract/harness.js';
import { defineStepsWaitsContract } from '../store-contract/steps-waits.js';
import { MingoCollection } from './mingo-collection.js';

function openMingoStore(): Store {
  const jobsCollection = new MingoCollection<JobDoc>().collection;
  const steps = new MingoCollection<JobStepDoc & { _id: string }>().collection;
  const waits = new MingoCollection<JobWaitDoc>().collection;
  const signals = new MingoCollection<KeptSignalDoc>().collection;
  const transact = <T,>(fn: (session: ClientSession | undefined) => Promise<T>) => fn(undefined);
  const jobs = new MongoJobRepository({
    transact,
    jobs: jobsCollection,
    logs: new MingoCollection<JobLogDoc>().collection,
    logCounters: new MingoCollection<{ _id: string; seq: number }>().collection,
    slots: new Slots(new MingoCollection<SlotDoc>().collection, jobsCollection, new MingoCollection<LimitsDoc>().collection),
    leases: new JobLeases(new MingoCollection<JobLeaseDoc>().collection),
    counts: new JobCounters(new MingoCollection<JobCountDoc>().collection),
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
    steps: new MongoJobStepRepository(steps, jobsCollection),
    waits: new MongoJobWaitRepository({ waits, signals, events: new MingoCollection<WaitEventDoc>().collection, jobs }),
    llmCalls: new MongoLlmCallRepository(new MingoCollection<LlmCallDoc>().collection),
    changes: new ChangeFeed(),
    logs: missing,
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

describe('steps and waits over the MongoDB adapter (mingo)', () => {
  defineStepsWaitsContract(useStoreHarness(openMingoStore));
});
