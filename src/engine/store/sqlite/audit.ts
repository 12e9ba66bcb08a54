/** Audit entries on SQLite: newest first, filtered by actor, action, target and time. */
import type { AuditEntry, AuditFilter } from '../../domain/types.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { AuditRepository } from '../port.js';
import { rowToAudit, toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';
import { IN_JSON, type SqlPart } from './sql.js';
import { pageOf } from '../../domain/page.js';
import { auditCursor, decodeTimeCursor } from '../../domain/list-orders.js';

function auditWhere(orgId: string, f: AuditFilter): SqlPart {
  const clauses = ['org_id = ?'];
  const params: unknown[] = [orgId];
  if (f.actor?.length) clauses.push(`actor ${IN_JSON}`), params.push(JSON.stringify(f.actor));
  if (f.action?.length) clauses.push(`action ${IN_JSON}`), params.push(JSON.stringify(f.action));
  if (f.targetType !== undefined) clauses.push('target_type = ?'), params.push(f.targetType);
  if (f.targetId !== undefined) clauses.push('target_id = ?'), params.push(f.targetId);
  if (f.since !== undefined) clauses.push('at >= ?'), params.push(f.since);
  if (f.until !== undefined) clauses.push('at < ?'), params.push(f.until);
  return { sql: clauses.join(' AND '), params };
}

/** Writes one entry; the jobs repository calls it inside its insert transaction too. */
export function insertAuditRow(s: Statements, e: AuditEntry): void {
  s.get(
    `INSERT INTO audit_entries (id, org_id, at, actor, action, target_type, target_id, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.id, e.orgId, e.at, e.actor, e.action, e.targetType, e.targetId, toJson(e.details));
}

export class SqliteAuditRepository implements AuditRepository {
  constructor(private readonly s: Statements) {}

  async insert(e: AuditEntry): Promise<void> {
    insertAuditRow(this.s, e);
  }

  async list(orgId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    const where = auditWhere(orgId, filter);
    const after = page.after === undefined ? undefined : decodeTimeCursor(page.after);
    const sql = `SELECT * FROM audit_entries WHERE ${where.sql}${after ? ' AND (at, id) < (?, ?)' : ''}
      ORDER BY at DESC, id DESC LIMIT ?`;
    const rows = this.s.get(sql).all(...where.params, ...(after ?? []), page.first + 1) as Row[];
    return pageOf(rows, page.first, rowToAudit, auditCursor);
  }

  async count(orgId: string, filter: AuditFilter): Promise<number> {
    const where = auditWhere(orgId, filter);
    return (this.s.get(`SELECT COUNT(*) AS n FROM audit_entries WHERE ${where.sql}`).get(...where.params) as { n: number })
      .n;
  }
}
