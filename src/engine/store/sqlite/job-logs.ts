/** Job logs on SQLite: numbered per job as they are appended, announced on the feed. */
import type { ChangeFeed } from '../change-feed.js';
import type { JobLog, LogLevel, NewJobLog } from '../../domain/types.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { JobLogRepository } from '../port.js';
import { rowToLog, toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';
import { IN_JSON, type SqlPart } from './sql.js';
import { pageOf } from '../../domain/page.js';
import { decodeLogCursor, logCursor } from '../../domain/list-orders.js';

function levelClause(levels: LogLevel[] | undefined): SqlPart {
  return levels?.length
    ? { sql: ` AND level ${IN_JSON}`, params: [JSON.stringify(levels)] }
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

  async list(orgId: string, jobId: string, opts: { page: PageRequest; levels?: LogLevel[] }): Promise<Page<JobLog>> {
    const after = decodeLogCursor(opts.page.after);
    const levels = levelClause(opts.levels);
    const rows = this.s
      .get(`SELECT * FROM job_logs WHERE job_id = ? AND org_id = ? AND seq > ?${levels.sql} ORDER BY seq LIMIT ?`)
      .all(jobId, orgId, after, ...levels.params, opts.page.first + 1) as Row[];
    return pageOf(rows, opts.page.first, rowToLog, logCursor);
  }

  async count(orgId: string, jobId: string, levels?: LogLevel[]): Promise<number> {
    const clause = levelClause(levels);
    return (
      this.s.get(`SELECT COUNT(*) AS n FROM job_logs WHERE job_id = ? AND org_id = ?${clause.sql}`).get(jobId, orgId, ...clause.params) as {
        n: number;
      }
    ).n;
  }
}
