/**
 * Recorded LLM calls on SQLite: the filters as SQL, the row mapping, and the repository. Each write
 * is announced on the feed after it commits, with the call as stored (llm.created, llm.updated).
 */
import type { ChangeFeed } from '../change-feed.js';
import type { LlmCall, LlmCallFilter, LlmCallPatch, TokenUsage } from '../../domain/llm-call.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { CostSum, LlmCallRepository } from '../port.js';
import type { SqlPart } from './sql.js';
import { toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';
import { IN_JSON } from './sql.js';
import { pageOf } from '../../domain/page.js';
import { decodeTimeCursor, llmCallCursor } from '../../domain/list-orders.js';
import type { CallTiming, LlmUsageFacts, UsageSums } from '../../domain/llm-usage.js';
import type { CostBucketSum, CostSeriesFacts } from '../../domain/cost-series.js';

export function llmCallWhere(orgId: string, f: LlmCallFilter): SqlPart {
  const clauses = ['org_id = ?'];
  const params: unknown[] = [orgId];
  const lists: Array<[string, string[] | undefined]> = [
    ['status', f.status],
    ['source', f.source],
    ['requested_by', f.requestedBy],
    ['provider', f.provider],
    ['model', f.model],
  ];
  for (const [column, values] of lists) {
    if (values?.length) clauses.push(`${column} ${IN_JSON}`), params.push(JSON.stringify(values));
  }
  if (f.parentJobId !== undefined) clauses.push('parent_job_id = ?'), params.push(f.parentJobId);
  if (f.since !== undefined) clauses.push('queued_at >= ?'), params.push(f.since);
  if (f.until !== undefined) clauses.push('queued_at < ?'), params.push(f.until);
  return { sql: clauses.join(' AND '), params };
}

export function rowToLlmCall(r: Row): LlmCall {
  const call: LlmCall = {
    id: r.id as string,
    orgId: r.org_id as string,
    provider: r.provider as string,
    model: r.model as string,
    source: r.source as string,
    status: r.status as LlmCall['status'],
    messages: JSON.parse(r.messages as string),
    output: JSON.parse(r.output as string),
    usage: {
      inputTokens: r.input_tokens as number,
      outputTokens: r.output_tokens as number,
      cachedTokens: r.cached_tokens as number,
      totalTokens: r.total_tokens as number,
    },
    queuedAt: r.queued_at as number,
    retries: r.retries as number,
    updatedAt: r.updated_at as number,
  };
  // Only present keys are set, so a call compares equal across adapters.
  if (r.requested_by != null) call.requestedBy = r.requested_by as string;
  if (r.parent_job_id != null) call.parentJobId = r.parent_job_id as string;
  if (r.step != null) call.step = r.step as string;
  if (r.params != null) call.params = JSON.parse(r.params as string);
  if (r.error != null) call.error = JSON.parse(r.error as string);
  if (r.started_at != null) call.startedAt = r.started_at as number;
  if (r.first_token_at != null) call.firstTokenAt = r.first_token_at as number;
  if (r.finished_at != null) call.finishedAt = r.finished_at as number;
  if ((r.reasoning_tokens as number) > 0) call.usage.reasoningTokens = r.reasoning_tokens as number;
  if (r.schedule_id != null) call.scheduleId = r.schedule_id as string;
  if (r.price != null) call.price = JSON.parse(r.price as string);
  if (r.cost_micros != null) call.costMicros = r.cost_micros as number;
  return call;
}

/** Patch fields and the columns they set; usage spreads over four. */
const PATCH_COLUMNS: Array<[keyof LlmCallPatch, (patch: LlmCallPatch) => Array<[string, unknown]>]> = [
  ['status', (p) => [['status', p.status]]],
  ['output', (p) => [['output', JSON.stringify(p.output)]]],
  ['error', (p) => [['error', toJson(p.error)]]],
  [
    'usage',
    ({ usage: u }) => [
      ['input_tokens', u!.inputTokens],
      ['output_tokens', u!.outputTokens],
      ['cached_tokens', u!.cachedTokens],
      ['total_tokens', u!.totalTokens],
      ['reasoning_tokens', u!.reasoningTokens ?? 0],
    ],
  ],
  ['costMicros', (p) => [['cost_micros', p.costMicros]]],
  ['startedAt', (p) => [['started_at', p.startedAt]]],
  ['firstTokenAt', (p) => [['first_token_at', p.firstTokenAt]]],
  ['finishedAt', (p) => [['finished_at', p.finishedAt]]],
  ['retries', (p) => [['retries', p.retries]]],
];

/** The SET clause of an update: only the fields present in the patch (a bounded set of statement shapes). */
export function llmCallSet(patch: LlmCallPatch, now: number): SqlPart {
  const sets: Array<[string, unknown]> = [];
  for (const [field, columns] of PATCH_COLUMNS) if (patch[field] !== undefined) sets.push(...columns(patch));
  sets.push(['updated_at', now]);
  return { sql: sets.map(([column]) => `${column} = ?`).join(', '), params: sets.map(([, value]) => value) };
}

// Grouped by the key itself (not provider, model), as MongoDB's $group on the joined key does.
const TOKEN_SUMS = `COUNT(*) AS calls, SUM(status = 'FAILED') AS failed, SUM(input_tokens) AS inputTokens,
  SUM(output_tokens) AS outputTokens, SUM(cached_tokens) AS cachedTokens, SUM(total_tokens) AS totalTokens,
  COALESCE(SUM(cost_micros), 0) AS costMicros, SUM(price IS NULL) AS unpricedCalls`;
/** Unpriced: no price, so no cost (a priced call has a cost once it ends; until then it counts 0). */
const COST_SUMS = `COALESCE(SUM(cost_micros), 0) AS costMicros, SUM(price IS NULL) AS unpricedCalls`;
const WINDOW = 'org_id = ? AND queued_at >= ? AND queued_at < ?';

const SQL = {
  insert: `INSERT INTO llm_calls (id, org_id, provider, model, source, requested_by, status, parent_job_id, messages,
      params, output, error, input_tokens, output_tokens, cached_tokens, total_tokens, queued_at, started_at,
      first_token_at, finished_at, retries, updated_at, step, reasoning_tokens, schedule_id, price, cost_micros)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  get: 'SELECT * FROM llm_calls WHERE id = ?',
  usageOfJob: `SELECT COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens,
      COALESCE(SUM(cached_tokens), 0) AS cachedTokens, COALESCE(SUM(total_tokens), 0) AS totalTokens
    FROM llm_calls WHERE parent_job_id = ? AND org_id = ?`,
  usageOfJobs: `SELECT parent_job_id AS jobId, COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens,
      COALESCE(SUM(cached_tokens), 0) AS cachedTokens, COALESCE(SUM(total_tokens), 0) AS totalTokens
    FROM (SELECT DISTINCT value FROM json_each(?)) AS ids CROSS JOIN llm_calls ON llm_calls.parent_job_id = ids.value
    WHERE org_id = ? GROUP BY parent_job_id`,
  byModel: `SELECT provider || ':' || model AS key, ${TOKEN_SUMS} FROM llm_calls WHERE ${WINDOW} GROUP BY key`,
  bySource: `SELECT source AS key, ${TOKEN_SUMS} FROM llm_calls WHERE ${WINDOW} GROUP BY key`,
  bySchedule: `SELECT schedule_id AS key, ${TOKEN_SUMS} FROM llm_calls WHERE ${WINDOW} AND schedule_id IS NOT NULL GROUP BY key`,
  /** The oldest calls of each (job, step), numbered within it. */
  ofSteps: `SELECT * FROM (
      SELECT llm_calls.*, ROW_NUMBER() OVER (PARTITION BY parent_job_id, step ORDER BY queued_at, id) AS step_n
      FROM (SELECT DISTINCT value FROM json_each(?)) AS ids CROSS JOIN llm_calls ON llm_calls.parent_job_id = ids.value
      WHERE org_id = ? AND step IS NOT NULL)
    WHERE step_n <= ? ORDER BY queued_at, id`,
  costOfJobs: `SELECT parent_job_id AS id, ${COST_SUMS}
    FROM (SELECT DISTINCT value FROM json_each(?)) AS ids CROSS JOIN llm_calls ON llm_calls.parent_job_id = ids.value
    WHERE org_id = ? GROUP BY parent_job_id`,
  costOfSchedules: `SELECT schedule_id AS id, ${COST_SUMS}
    FROM (SELECT DISTINCT value FROM json_each(?)) AS ids CROSS JOIN llm_calls ON llm_calls.schedule_id = ids.value
    WHERE org_id = ? GROUP BY schedule_id`,
  // Cost series: the bucket is the quotient cut to an integer (bound numbers may be REAL; queued_at >= since); both read only the covering index llm_calls_org_cost.
  costByModel: `SELECT CAST((queued_at - ?) / ? AS INTEGER) AS bucket, provider || ':' || model AS key, ${COST_SUMS}
    FROM llm_calls WHERE ${WINDOW} GROUP BY bucket, key`,
  costByTaskType: `SELECT CAST((queued_at - ?) / ? AS INTEGER) AS bucket, source AS key, ${COST_SUMS}
    FROM llm_calls WHERE ${WINDOW} AND parent_job_id IS NOT NULL GROUP BY bucket, key`,
  /** The finished calls' timings, for the percentiles. */
  timings: `SELECT provider || ':' || model AS model, source, finished_at - started_at AS durationMs,
      first_token_at - started_at AS ttftMs
    FROM llm_calls WHERE ${WINDOW} AND finished_at IS NOT NULL AND started_at IS NOT NULL`,
  purge: `DELETE FROM llm_calls WHERE id IN (SELECT id FROM llm_calls WHERE queued_at < ? ORDER BY queued_at LIMIT ?)`,
};

/** The cost series' statements, for the check that the covering index serves them. */
export const COST_SERIES_SQL = { byModel: SQL.costByModel, byTaskType: SQL.costByTaskType };

export class SqliteLlmCallRepository implements LlmCallRepository {
  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
  ) {}

  async insert(c: LlmCall): Promise<void> {
    const row = this.s.get(SQL.insert).get(
      c.id, c.orgId, c.provider, c.model, c.source, c.requestedBy ?? null, c.status, c.parentJobId ?? null,
      JSON.stringify(c.messages), toJson(c.params), JSON.stringify(c.output), toJson(c.error), c.usage.inputTokens,
      c.usage.outputTokens, c.usage.cachedTokens, c.usage.totalTokens, c.queuedAt, c.startedAt ?? null,
      c.firstTokenAt ?? null, c.finishedAt ?? null, c.retries, c.updatedAt, c.step ?? null, c.usage.reasoningTokens ?? 0, c.scheduleId ?? null,
      toJson(c.price), c.costMicros ?? null,
    ) as Row;
    this.feed.emit({ kind: 'llm.created', call: rowToLlmCall(row) });
  }

  async update(id: string, patch: LlmCallPatch, now: number): Promise<LlmCall | undefined> {
    const set = llmCallSet(patch, now);
    const row = this.s.get(`UPDATE llm_calls SET ${set.sql} WHERE id = ? RETURNING *`).get(...set.params, id) as Row | undefined;
    if (!row) return undefined;
    const call = rowToLlmCall(row);
    this.feed.emit({ kind: 'llm.updated', call });
    return call;
  }

  async get(id: string, orgId: string): Promise<LlmCall | undefined> {
    const row = this.s.get(SQL.get).get(id) as Row | undefined;
    if (!row || row.org_id !== orgId) return undefined;
    return rowToLlmCall(row);
  }

  async list(orgId: string, filter: LlmCallFilter, page: PageRequest): Promise<Page<LlmCall>> {
    const where = llmCallWhere(orgId, filter);
    const after = page.after === undefined ? undefined : decodeTimeCursor(page.after);
    const sql = `SELECT * FROM llm_calls WHERE ${where.sql}${after ? ' AND (queued_at, id) < (?, ?)' : ''}
      ORDER BY queued_at DESC, id DESC LIMIT ?`;
    const rows = this.s.get(sql).all(...where.params, ...(after ?? []), page.first + 1) as Row[];
    return pageOf(rows, page.first, rowToLlmCall, llmCallCursor);
  }

  async count(orgId: string, filter: LlmCallFilter): Promise<number> {
    const where = llmCallWhere(orgId, filter);
    return (this.s.get(`SELECT COUNT(*) AS n FROM llm_calls WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async usageOfJob(orgId: string, jobId: string): Promise<TokenUsage> {
    return { ...(this.s.get(SQL.usageOfJob).get(jobId, orgId) as TokenUsage) };
  }

  async usageOfJobs(orgId: string, jobIds: readonly string[]): Promise<Array<{ jobId: string; usage: TokenUsage }>> {
    if (jobIds.length === 0) return [];
    const rows = this.s.get(SQL.usageOfJobs).all(JSON.stringify(jobIds), orgId) as Array<TokenUsage & { jobId: string }>;
    return rows.map(({ jobId, ...usage }) => ({ jobId, usage }));
  }

  async ofSteps(orgId: string, jobIds: readonly string[], perStep: number): Promise<LlmCall[]> {
    if (jobIds.length === 0) return [];
    return (this.s.get(SQL.ofSteps).all(JSON.stringify(jobIds), orgId, perStep) as Row[]).map(rowToLlmCall);
  }

  async costOfJobs(orgId: string, jobIds: readonly string[]): Promise<CostSum[]> {
    if (jobIds.length === 0) return [];
    return this.s.get(SQL.costOfJobs).all(JSON.stringify(jobIds), orgId) as CostSum[];
  }

  async costOfSchedules(orgId: string, scheduleIds: readonly string[]): Promise<CostSum[]> {
    if (scheduleIds.length === 0) return [];
    return this.s.get(SQL.costOfSchedules).all(JSON.stringify(scheduleIds), orgId) as CostSum[];
  }

  async usage(orgId: string, since: number, until: number): Promise<LlmUsageFacts> {
    const args = [orgId, since, until];
    // One read transaction, so the sums and the timings describe the same calls.
    return this.s.db.transaction(() => ({
      byModel: this.s.get(SQL.byModel).all(...args) as UsageSums[],
      bySource: this.s.get(SQL.bySource).all(...args) as UsageSums[],
      bySchedule: this.s.get(SQL.bySchedule).all(...args) as UsageSums[],
      timings: (this.s.get(SQL.timings).all(...args) as Array<CallTiming & { ttftMs: number | null }>).map(({ ttftMs, ...t }) =>
        ttftMs === null ? t : { ...t, ttftMs },
      ),
    }))();
  }

  async costSeries(orgId: string, since: number, until: number, bucketMs: number): Promise<CostSeriesFacts> {
    const args = [since, bucketMs, orgId, since, until];
    return this.s.db.transaction(() => ({
      byModel: this.s.get(SQL.costByModel).all(...args) as CostBucketSum[],
      byTaskType: this.s.get(SQL.costByTaskType).all(...args) as CostBucketSum[],
    }))();
  }

  async purge(before: number, max: number): Promise<number> {
    if (max <= 0) return 0;
    return this.s.get(SQL.purge).run(before, max).changes;
  }
}
