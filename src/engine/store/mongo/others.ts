/** The smaller MongoDB repositories: job logs, audit entries, API tokens, workers. */
import type { Collection, Filter } from 'mongodb';
import type { ApiToken, AuditEntry, AuditFilter, JobLog, LogLevel, NewJobLog, Page, PageRequest, WorkerInfo } from '../../domain/types.js';
import { decodeCursor, encodeCursor } from '../../domain/cursor.js';
import type { AuditRepository, JobLogRepository, TokenRepository, WorkerRepository } from '../port.js';
import { docToAudit, docToLog, docToToken, docToWorker, toDoc, type AuditDoc, type JobLogDoc, type TokenDoc, type WorkerDoc } from './documents.js';
import { logFilter } from './queries.js';

export class MongoJobLogRepository implements JobLogRepository {
  constructor(
    private readonly logs: Collection<JobLogDoc>,
    private readonly counters: Collection<{ _id: string; seq: number }>,
  ) {}

  async append(logs: NewJobLog[]): Promise<JobLog[]> {
    const byJob = new Map<string, NewJobLog[]>();
    for (const log of logs) byJob.set(log.jobId, [...(byJob.get(log.jobId) ?? []), log]);
    const written: JobLog[] = [];
    for (const [jobId, lines] of byJob) {
      // One counter per job hands out seq ranges atomically, whichever process writes.
      const counter = await this.counters.findOneAndUpdate(
        { _id: jobId },
        { $inc: { seq: lines.length } },
        { upsert: true, returnDocument: 'after' },
      );
      const first = counter!.seq - lines.length + 1;
      const docs = lines.map((line, i): JobLogDoc => {
        const seq = first + i;
        const doc: JobLogDoc = { ...line, seq, _id: `${jobId}:${seq}` };
        if (doc.data === undefined) delete doc.data;
        return doc;
      });
      await this.logs.insertMany(docs, { ordered: true });
      written.push(...docs.map(docToLog));
    }
    return written;
  }

  async list(jobId: string, opts: { page: PageRequest; levels?: LogLevel[] }): Promise<Page<JobLog>> {
    const after = opts.page.after === undefined ? 0 : Number(decodeCursor(opts.page.after, 1)[0]);
    const docs = await this.logs
      .find(logFilter(jobId, after, opts.levels) as Filter<JobLogDoc>)
      .sort({ seq: 1 })
      .limit(opts.page.first + 1)
      .toArray();
    const logs = docs.slice(0, opts.page.first).map(docToLog);
    return { items: logs.map((node) => ({ node, cursor: encodeCursor([node.seq]) })), hasNextPage: docs.length > opts.page.first };
  }

  count(jobId: string, levels?: LogLevel[]): Promise<number> {
    return this.logs.countDocuments(logFilter(jobId, 0, levels) as Filter<JobLogDoc>);
  }
}

export function auditQuery(orgId: string, f: AuditFilter): Filter<AuditDoc> {
  const query: Filter<AuditDoc> = { orgId };
  if (f.actor?.length) query.actor = { $in: f.actor };
  if (f.action?.length) query.action = { $in: f.action };
  if (f.targetType !== undefined) query.targetType = f.targetType;
  if (f.targetId !== undefined) query.targetId = f.targetId;
  if (f.since !== undefined || f.until !== undefined) {
    query.at = { ...(f.since !== undefined && { $gte: f.since }), ...(f.until !== undefined && { $lt: f.until }) };
  }
  return query;
}

export class MongoAuditRepository implements AuditRepository {
  constructor(private readonly audit: Collection<AuditDoc>) {}

  async insert(entry: AuditEntry): Promise<void> {
    await this.audit.insertOne(toDoc(entry) as AuditDoc);
  }

  async list(orgId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    const query = auditQuery(orgId, filter);
    const after = page.after === undefined ? undefined : decodeCursor(page.after, 2);
    const full: Filter<AuditDoc> = after
      ? { $and: [query, { $or: [{ at: { $lt: after[0] as number } }, { at: after[0] as number, _id: { $lt: String(after[1]) } }] }] }
      : query;
    const docs = await this.audit.find(full).sort({ at: -1, _id: -1 }).limit(page.first + 1).toArray();
    const entries = docs.slice(0, page.first).map(docToAudit);
    return {
      items: entries.map((node) => ({ node, cursor: encodeCursor([node.at, node.id]) })),
      hasNextPage: docs.length > page.first,
    };
  }

  count(orgId: string, filter: AuditFilter): Promise<number> {
    return this.audit.countDocuments(auditQuery(orgId, filter));
  }
}

export class MongoTokenRepository implements TokenRepository {
  constructor(private readonly tokens: Collection<TokenDoc>) {}

  async insert(token: ApiToken): Promise<void> {
    await this.tokens.insertOne(toDoc(token) as TokenDoc);
  }

  async findByHash(hash: string): Promise<ApiToken | undefined> {
    const doc = await this.tokens.findOne({ hash });
    return doc ? docToToken(doc) : undefined;
  }

  async list(orgId?: string): Promise<ApiToken[]> {
    const docs = await this.tokens.find(orgId === undefined ? {} : { orgId }).sort({ createdAt: 1 }).toArray();
    return docs.map(docToToken);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    const result = await this.tokens.updateOne({ _id: id, revokedAt: { $exists: false } }, { $set: { revokedAt: now } });
    return result.modifiedCount > 0;
  }

  async touch(id: string, now: number): Promise<void> {
    await this.tokens.updateOne({ _id: id }, { $set: { lastUsedAt: now } });
  }

  countAdmins(): Promise<number> {
    return this.tokens.countDocuments({ revokedAt: { $exists: false }, permissions: 'admin' });
  }
}

export class MongoWorkerRepository implements WorkerRepository {
  constructor(private readonly workers: Collection<WorkerDoc>) {}

  async upsert(worker: WorkerInfo): Promise<void> {
    const { _id, startedAt, host, pid, ...live } = toDoc(worker) as WorkerDoc;
    await this.workers.updateOne({ _id }, { $set: live, $setOnInsert: { startedAt, host, pid } }, { upsert: true });
  }

  async list(aliveSince: number): Promise<WorkerInfo[]> {
    const docs = await this.workers.find({ lastHeartbeatAt: { $gte: aliveSince } }).sort({ startedAt: 1 }).toArray();
    return docs.map(docToWorker);
  }

  async remove(id: string): Promise<void> {
    await this.workers.deleteOne({ _id: id });
  }
}
