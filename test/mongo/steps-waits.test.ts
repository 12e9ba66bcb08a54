/**
 * The store contract for steps and waits over the MongoDB adapter's repositories, without a server:
 * mingo evaluates their filters and updates over in-memory collections. What only a server shows
 * (the change stream's announcements, atomicity across processes) is in the contract suite over
 * MongoDB (store-contract/mongo.test.ts).
 */
import { describe } from 'vitest';
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
import { defineStepsWaitsContract, defineWaitCrashContract, type ResumeFaults } from '../store-contract/steps-waits.js';
import { MingoCollection, mingoTransact } from './mingo-collection.js';

/** The collections behind the last store opened, for injecting faults into their writes. */
let opened: { jobs: MingoCollection<JobDoc> } | undefined;

function openMingoStore(): Store {
  const raw = {
    jobs: new MingoCollection<JobDoc>(),
    steps: new MingoCollection<JobStepDoc & { _id: string }>(),
    waits: new MingoCollection<JobWaitDoc>(),
    signals: new MingoCollection<KeptSignalDoc>(),
    events: new MingoCollection<WaitEventDoc>(),
  };
  opened = raw;
  const jobsCollection = raw.jobs.collection;
  const steps = raw.steps.collection;
  const waits = raw.waits.collection;
  const signals = raw.signals.collection;
  // Transactions put back what they wrote when they throw, so an injected crash aborts as on a server.
  const transact = mingoTransact(Object.values(raw));
  const counts = new JobCounters(new MingoCollection<JobCountDoc>().collection);
  const jobs = new MongoJobRepository({
    transact,
    jobs: jobsCollection,
    logs: new MingoCollection<JobLogDoc>().collection,
    logCounters: new MingoCollection<{ _id: string; seq: number }>().collection,
    slots: new Slots(new MingoCollection<SlotDoc>().collection, jobsCollection, new MingoCollection<LimitsDoc>().collection),
    leases: new JobLeases(new MingoCollection<JobLeaseDoc>().collection),
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
    steps: new MongoJobStepRepository(steps, jobsCollection, transact),
    waits: new MongoJobWaitRepository({ waits, signals, events: raw.events.collection, jobs: jobsCollection, counts, transact }),
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

/** Every WAITING -> QUEUED write of the jobs collection throws, as a crash at that point would. */
const faults: ResumeFaults = {
  async failResumes() {
    const jobs = opened!.jobs;
    const write = jobs.findOneAndUpdate.bind(jobs);
    jobs.findOneAndUpdate = async (filter, modifier, options) => {
      // The resume is an update pipeline whose $set stage makes the job QUEUED.
      if (filter.status === 'WAITING' && JSON.stringify(modifier).includes('"status":"QUEUED"')) throw new Error('injected crash');
      return write(filter, modifier, options);
    };
    return async () => {
      jobs.findOneAndUpdate = write;
    };
  },
};

describe('steps and waits over the MongoDB adapter (mingo)', () => {
  const harness = useStoreHarness(openMingoStore);
  defineStepsWaitsContract(harness);
  defineWaitCrashContract(harness, faults);
});
