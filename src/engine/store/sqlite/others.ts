/** The smaller SQLite repositories: job logs, audit entries, API tokens, workers. */
import type { ChangeFeed } from '../change-feed.js';
import type {
  ApiToken,
  AuditEntry,
  AuditFilter,
  JobLog,
  LogLevel,
  NewJobLog,
  Page,
  PageRequest,
  WorkerInfo,
} from '../../domain/types.js';
import { decodeCursor, encodeCursor } from '../../domain/cursor.js';
import type { AuditRepository, JobLogRepository, TokenRepository, WorkerRepository } from '../port.js';
import { rowToAudit, rowToLog, rowToToken, rowToWorker, toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';

function levelClause(levels: LogLevel[] | undefined): { sql: string; params: unknown[] } {
  return levels?.length
    ? { sql: ' AND level IN (SELECT value FROM json_each(?))', params: [JSON.stringify(levels)] }
    : { sql: '', params: [] };
}

export class SqliteJobLogRepository implements JobLogRepository {
  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
  ) {}

  async append(logs: NewJobLog[]): Promise<JobLog[]> {
    const written = this.s.db.transaction(() => {
      const next = new Map<string, number>();
      return logs.map((log) => {
        let seq = next.get(log.jobId);
        if (seq === undefined) {
          const max = this.s.get('SELECT MAX(seq) AS seq FROM job_logs WHERE job_id = ?').get(log.jobId) as {
            seq: number | null;
          };
          seq = (max.seq ?? 0) + 1;
        }
        next.set(log.jobId, seq + 1);
        this.s
          .get('INSERT INTO job_logs (job_id, seq, org_id, at, level, message, data) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(log.jobId, seq, log.orgId, log.at, log.level, log.message, toJson(log.data));
        return { ...log, seq } as JobLog;
      });
    })();
    for (const log of written) this.feed.emit({ kind: 'job.log', log });
    return written;
  }

  async list(jobId: string, opts: { page: PageRequest; levels?: LogLevel[] }): Promise<Page<JobLog>> {
    const after = opts.page.after === undefined ? 0 : Number(decodeCursor(opts.page.after, 1)[0]);
    const levels = levelClause(opts.levels);
    const rows = this.s
      .get(`SELECT * FROM job_logs WHERE job_id = ? AND seq > ?${levels.sql} ORDER BY seq LIMIT ?`)
      .all(jobId, after, ...levels.params, opts.page.first + 1) as Row[];
    const logs = rows.slice(0, opts.page.first).map(rowToLog);
    return {
      items: logs.map((node) => ({ node, cursor: encodeCursor([node.seq]) })),
      hasNextPage: rows.length > opts.page.first,
    };
  }

  async count(jobId: string, levels?: LogLevel[]): Promise<number> {
    const clause = levelClause(levels);
    return (
      this.s.get(`SELECT COUNT(*) AS n FROM job_logs WHERE job_id = ?${clause.sql}`).get(jobId, ...clause.params) as {
        n: number;
      }
    ).n;
  }
}

function auditWhere(orgId: string, f: AuditFilter): { sql: string; params: unknown[] } {
  const clauses = ['org_id = ?'];
  const params: unknown[] = [orgId];
  if (f.actor?.length) clauses.push('actor IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(f.actor));
  if (f.action?.length) clauses.push('action IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(f.action));
  if (f.targetType !== undefined) clauses.push('target_type = ?'), params.push(f.targetType);
  if (f.targetId !== undefined) clauses.push('target_id = ?'), params.push(f.targetId);
  if (f.since !== undefined) clauses.push('at >= ?'), params.push(f.since);
  if (f.until !== undefined) clauses.push('at < ?'), params.push(f.until);
  return { sql: clauses.join(' AND '), params };
}

export class SqliteAuditRepository implements AuditRepository {
  constructor(private readonly s: Statements) {}

  async insert(e: AuditEntry): Promise<void> {
    this.s
      .get(
        `INSERT INTO audit_entries (id, org_id, at, actor, action, target_type, target_id, details)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.id, e.orgId, e.at, e.actor, e.action, e.targetType, e.targetId, toJson(e.details));
  }

  async list(orgId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    const where = auditWhere(orgId, filter);
    const after = page.after === undefined ? undefined : decodeCursor(page.after, 2);
    const sql = `SELECT * FROM audit_entries WHERE ${where.sql}${after ? ' AND (at, id) < (?, ?)' : ''}
      ORDER BY at DESC, id DESC LIMIT ?`;
    const rows = this.s.get(sql).all(...where.params, ...(after ?? []), page.first + 1) as Row[];
    const entries = rows.slice(0, page.first).map(rowToAudit);
    return {
      items: entries.map((node) => ({ node, cursor: encodeCursor([node.at, node.id]) })),
      hasNextPage: rows.length > page.first,
    };
  }

  async count(orgId: string, filter: AuditFilter): Promise<number> {
    const where = auditWhere(orgId, filter);
    return (this.s.get(`SELECT COUNT(*) AS n FROM audit_entries WHERE ${where.sql}`).get(...where.params) as { n: number })
      .n;
  }
}

export class SqliteTokenRepository implements TokenRepository {
  constructor(private readonly s: Statements) {}

  async insert(t: ApiToken): Promise<void> {
    this.s
      .get(
        `INSERT INTO api_tokens (id, hash, org_id, user_id, name, permissions, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(t.id, t.hash, t.orgId, t.userId, t.name ?? null, JSON.stringify(t.permissions), t.createdAt, t.expiresAt ?? null);
  }

  async findByHash(hash: string): Promise<ApiToken | undefined> {
    const row = this.s.get('SELECT * FROM api_tokens WHERE hash = ?').get(hash) as Row | undefined;
    return row ? rowToToken(row) : undefined;
  }

  async list(orgId?: string): Promise<ApiToken[]> {
    const rows = (
      orgId === undefined
        ? this.s.get('SELECT * FROM api_tokens ORDER BY created_at').all()
        : this.s.get('SELECT * FROM api_tokens WHERE org_id = ? ORDER BY created_at').all(orgId)
    ) as Row[];
    return rows.map(rowToToken);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return this.s.get('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes > 0;
  }

  async touch(id: string, now: number): Promise<void> {
    this.s.get('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, id);
  }

  async countAdmins(): Promise<number> {
    return (
      this.s
        .get(
          `SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NULL
           AND EXISTS (SELECT 1 FROM json_each(permissions) WHERE value = 'admin')`,
        )
        .get() as { n: number }
    ).n;
  }
}

export class SqliteWorkerRepository implements WorkerRepository {
  constructor(private readonly s: Statements) {}

  async upsert(w: WorkerInfo): Promise<void> {
    this.s
      .get(
        `INSERT INTO workers (id, host, pid, started_at, last_heartbeat_at, running, concurrency)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET last_heartbeat_at = excluded.last_heartbeat_at,
           running = excluded.running, concurrency = excluded.concurrency`,
      )
      .run(w.id, w.host, w.pid, w.startedAt, w.lastHeartbeatAt, w.running, w.concurrency);
  }

  async list(aliveSince: number): Promise<WorkerInfo[]> {
    const rows = this.s
      .get('SELECT * FROM workers WHERE last_heartbeat_at >= ? ORDER BY started_at')
      .all(aliveSince) as Row[];
    return rows.map(rowToWorker);
  }

  async remove(id: string): Promise<void> {
    this.s.get('DELETE FROM workers WHERE id = ?').run(id);
  }
}
