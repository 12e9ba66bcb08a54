/**
 * The jobs part of the store contract over the MongoDB adapter's jobs repository, without a server:
 * mingo evaluates its filters and updates over in-memory collections, leases in `job_leases` included.
 * Atomicity across processes and the change stream stay with the contract over a real server.
 */
import { describe } from 'vitest';
import { useStoreHarness } from '../store-contract/harness.js';
import { defineJobsClaimContract } from '../store-contract/jobs-claim.js';
import { defineJobsClaimBatchContract } from '../store-contract/jobs-claim-batch.js';
import { defineJobsLifecycleContract } from '../store-contract/jobs-lifecycle.js';
import { defineJobsListContract } from '../store-contract/jobs-list.js';
import { defineJobsSearchContract } from '../store-contract/jobs-search.js';
import { defineJobsSearchIndexContract } from '../store-contract/jobs-search-index.js';
import { defineJobsCountsContract } from '../store-contract/jobs-counts.js';
import { openMingoStore } from './mingo-store.js';

describe('store contract (jobs): mongo over mingo', () => {
  const harness = useStoreHarness(() => openMingoStore());
  defineJobsClaimContract(harness);
  defineJobsClaimBatchContract(harness);
  defineJobsLifecycleContract(harness);
  defineJobsListContract(harness);
  defineJobsSearchContract(harness);
  defineJobsSearchIndexContract(harness);
  defineJobsCountsContract(harness);
});
