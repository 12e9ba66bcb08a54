/**
 * The reading half of the jobs repository on SQLite (jobs.ts hands these to it): a page, a count or
 * the ids of the jobs a filter selects, each on the plan job-list.ts chooses: an index range read as
 * raw rows (only the fields asked for), a walk that finds and filters rows (the narrower of the
 * candidate ranges, sized from the counters), the search index, or the counters alone.
 */
import type { CounterSums } from './job-counts.js';
import type { Job, JobFilter, JobOrder } from '../../domain/types.js';
import type { JobListQuery } from '../port.js';
import type { StopSignal } from '../../domain/stop-signal.js';
import type { Page } from '../../domain/page.js';
import { jobCursor } from '../../domain/list-orders.js';
import { cappedCount, countedByCounters, type JobCount } from '../../domain/job-counts.js';
import { jobWhere, searchTerm } from './job-query.js';
import { searchCount, searchIds } from './job-search.js';
import { jobProjection, projectedJob } from './job-projection.js';
import { countStatement, listStatement, planJobList, scanJobIds, scanWalks, type Walk } from './job-list.js';
import { jobRowOf, rowToJob, type Row } from './rows.js';
import type { Statements } from './statements.js';

const BY_IDS = 'SELECT * FROM jobs WHERE id IN (SELECT value FROM json_each(?))';

export class SqliteJobReads {
  constructor(
    private readonly s: Statements,
    private readonly sums: CounterSums,
  ) {}

  async list({ orgId, filter, orderBy, page, signal, fields }: JobListQuery): Promise<Page<Job>> {
    const search = searchTerm(filter);
    const plan = search ? undefined : planJobList(filter, orderBy);
    if (plan === undefined || plan.kind === 'scan' || plan.kind === 'ranges') {
      const ids = search
        ? await searchIds(this.s, orgId, { ...filter, search }, orderBy, page.after, page.first + 1, signal)
        : await scanJobIds(this.s, orgId, jobWhere(orgId, filter), orderBy, page.after, page.first + 1, { signal, walks: this.#walks(orgId, filter, orderBy) });
      // Only the fields the caller reads, when it says which (job-projection.ts).
      const projection = fields && jobProjection(fields, orderBy);
      const json = JSON.stringify(ids.slice(0, page.first));
      const read = projection
        ? (this.s.raw(`SELECT ${projection.columns} FROM jobs WHERE id IN (SELECT value FROM json_each(?))`).all(json) as unknown[][]).map((a) => projectedJob(projection, a))
        : (this.s.get(BY_IDS).all(json) as Row[]).map(rowToJob);
      const byId = new Map(read.map((job) => [job.id, job]));
      // A job deleted between the scan and this read is left out.
      const jobs = ids.slice(0, page.first).flatMap((id) => byId.get(id) ?? []);
      return { items: jobs.map((job) => ({ node: job, cursor: jobCursor(orderBy, job) })), hasNextPage: ids.length > page.first };
    }
    const projection = fields && jobProjection(fields, orderBy);
    const statement = listStatement(orgId, filter, orderBy, page.after, plan, page.first + 1, projection ?? 'rows');
    // Raw rows (arrays): the driver's row objects cost about as much again as the read.
    const rows = this.s.raw(statement.sql).all(...statement.params) as unknown[][];
    const jobs = rows.slice(0, page.first).map((a) => (projection ? projectedJob(projection, a) : rowToJob(jobRowOf(a))));
    return {
      items: jobs.map((job) => ({ node: job, cursor: jobCursor(orderBy, job) })),
      hasNextPage: rows.length > page.first,
    };
  }

  async count(orgId: string, filter: JobFilter): Promise<number> {
    if (countedByCounters(filter)) return this.sums.of(orgId, filter);
    const search = searchTerm(filter);
    if (search) return searchCount(this.s, orgId, { ...filter, search }, Infinity);
    const plan = planJobList(filter, 'CREATED_DESC');
    if (plan.kind === 'scan' || plan.kind === 'ranges') {
      return (await scanJobIds(this.s, orgId, jobWhere(orgId, filter), 'CREATED_DESC', undefined, Infinity, { walks: this.#walks(orgId, filter, 'CREATED_DESC') })).length;
    }
    const statement = countStatement(orgId, filter, plan);
    return (this.s.get(statement.sql).get(...statement.params) as { n: number }).n;
  }

  async countUpTo(orgId: string, filter: JobFilter, cap: number, signal?: StopSignal): Promise<JobCount> {
    if (countedByCounters(filter)) return { count: this.sums.of(orgId, filter), exact: true };
    const search = searchTerm(filter);
    if (search) return cappedCount(await searchCount(this.s, orgId, { ...filter, search }, cap + 1, signal), cap);
    const plan = planJobList(filter, 'CREATED_DESC');
    if (plan.kind === 'scan' || plan.kind === 'ranges') {
      const walks = this.#walks(orgId, filter, 'CREATED_DESC');
      return cappedCount((await scanJobIds(this.s, orgId, jobWhere(orgId, filter), 'CREATED_DESC', undefined, cap + 1, { signal, walks })).length, cap);
    }
    const statement = countStatement(orgId, filter, plan, cap + 1);
    return cappedCount((this.s.get(statement.sql).get(...statement.params) as { n: number }).n, cap);
  }

  /** A scan's walks (job-list.ts scanWalks), sizing each candidate range from the counters. */
  #walks(orgId: string, filter: JobFilter, order: JobOrder): Walk[] {
    return scanWalks(filter, order, (column, value) => this.sums.of(orgId, { [column]: [value] }));
  }

  scans(filter: JobFilter, order: JobOrder): boolean {
    return searchTerm(filter) === undefined && planJobList(filter, order).kind === 'scan';
  }

  async findIds(orgId: string, filter: JobFilter, max: number): Promise<string[]> {
    const search = searchTerm(filter);
    if (search) return searchIds(this.s, orgId, { ...filter, search }, 'CREATED_ASC', undefined, max);
    const plan = planJobList(filter, 'CREATED_ASC');
    if (plan.kind === 'scan' || plan.kind === 'ranges') return scanJobIds(this.s, orgId, jobWhere(orgId, filter), 'CREATED_ASC', undefined, max, { walks: this.#walks(orgId, filter, 'CREATED_ASC') });
    const statement = listStatement(orgId, filter, 'CREATED_ASC', undefined, plan, max, 'ids');
    return (this.s.get(statement.sql).all(...statement.params) as Array<{ id: string }>).map((r) => r.id);
  }
}
