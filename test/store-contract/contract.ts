/**
 * The store contract: what every adapter of src/engine/store/port.ts must do, whatever database is
 * behind it. An adapter's test file calls `defineStoreContract(name, open)` with a function that opens
 * a fresh, empty store for each test. Nothing here knows which database it talks to.
 *
 * Times are passed explicitly (`now`), so no test sleeps. Change events may arrive asynchronously on a
 * networked store, so the feed tests wait for them instead of reading them synchronously.
 *
 * The contract has a file per repository of the port (jobs in several); they share the fixtures and
 * the per-test store of harness.ts.
 */
import { describe } from 'vitest';
import type { Store } from '../../src/engine/store/port.js';
import { defineAlertsContract } from './alerts.js';
import { defineAuditContract } from './audit.js';
import { defineBudgetsContract } from './budgets.js';
import { defineChangeFeedContract } from './change-feed.js';
import { defineCostSeriesContract } from './cost-series.js';
import { useStoreHarness } from './harness.js';
import { defineJobLogsContract } from './job-logs.js';
import { defineJobsClaimContract } from './jobs-claim.js';
import { defineJobsClaimBatchContract } from './jobs-claim-batch.js';
import { defineJobsInsertContract } from './jobs-insert.js';
import { defineJobsLifecycleContract } from './jobs-lifecycle.js';
import { defineJobsListContract } from './jobs-list.js';
import { defineJobsCountsContract } from './jobs-counts.js';
import { defineJobsSearchContract } from './jobs-search.js';
import { defineJobsSearchIndexContract } from './jobs-search-index.js';
import { defineJobsMetricsContract } from './jobs-metrics.js';
import { defineLlmCallsContract } from './llm-calls.js';
import { defineReadsManyContract } from './reads-many.js';
import { defineScheduleRunsContract } from './schedule-runs.js';
import { defineSchedulerHeartbeatsContract } from './scheduler-heartbeats.js';
import { defineSchedulesContract } from './schedules.js';
import { defineStatesAndSizesContract } from './states-and-sizes.js';
import { defineStepsWaitsContract } from './steps-waits.js';
import { defineSlotFiringContract } from './slot-firing.js';
import { defineTokensContract } from './tokens.js';
import { defineWorkersContract } from './workers.js';

export function defineStoreContract(name: string, open: () => Promise<Store> | Store): void {
  describe(`store contract: ${name}`, () => {
    const harness = useStoreHarness(open);
    defineJobsInsertContract(harness);
    defineJobsClaimContract(harness);
    defineJobsClaimBatchContract(harness);
    defineJobsLifecycleContract(harness);
    defineJobsListContract(harness);
    defineJobsCountsContract(harness);
    defineJobsSearchContract(harness);
    defineJobsSearchIndexContract(harness);
    defineReadsManyContract(harness);
    defineJobLogsContract(harness);
    defineJobsMetricsContract(harness);
    defineWorkersContract(harness);
    defineTokensContract(harness);
    defineAuditContract(harness);
    defineLlmCallsContract(harness);
    defineBudgetsContract(harness);
    defineCostSeriesContract(harness);
    defineSchedulesContract(harness);
    defineScheduleRunsContract(harness);
    defineSlotFiringContract(harness);
    defineAlertsContract(harness);
    defineSchedulerHeartbeatsContract(harness);
    defineChangeFeedContract(harness);
    defineStatesAndSizesContract(harness);
    defineStepsWaitsContract(harness);
  });
}
