/** Alerts on SQLite: filters as SQL, the row mapping and the repository. A raised alert and its closing are announced on the feed. */
import type { ChangeFeed } from '../change-feed.js';
import type { Alert, AlertKind } from '../../domain/schedule.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { AlertRepository } from '../port.js';
import type { SqlPart } from './sql.js';
import { type Row } from './rows.js';
import type { Statements } from './statements.js';
import { pageOf } from '../../domain/page.js';
import { alertCursor, decodeTimeCursor } from '../../domain/list-orders.js';
import { type AlertFilter } from '../../domain/schedule.js';

export function alertWhere(orgId: string, f: AlertFilter): SqlPart {
  const clauses = ['org_id = ?'];
  const params: unknown[] = [orgId];
  if (f.open !== undefined) clauses.push(f.open ? 'acknowledged_at IS NULL' : 'acknowledged_at IS NOT NULL');
  if (f.scheduleId !== undefined) clauses.push('schedule_id = ?'), params.push(f.scheduleId);
  return { sql: clauses.join(' AND '), params };
}

export function rowToAlert(r: Row): Alert {
  const alert: Alert = {
    id: r.id as string,
    orgId: r.org_id as string,
    kind: r.kind as Alert['kind'],
    message: r.message as string,
    raisedAt: r.raised_at as number,
  };
  if (r.schedule_id != null) alert.scheduleId = r.schedule_id as string;
  if (r.acknowledged_at != null) alert.acknowledgedAt = r.acknowledged_at as number;
  if (r.acknowledged_by != null) alert.acknowledgedBy = r.acknowledged_by as string;
  if (r.dedupe_key != null) alert.dedupeKey = r.dedupe_key as string;
  return alert;
}

const ALERT_SQL = {
  // Only a clash on an open alert's dedupe key is "already raised"; any other clash (the id) is an error.
  insert: `INSERT INTO alerts (id, org_id, kind, schedule_id, message, raised_at, acknowledged_at, acknowledged_by, dedupe_key)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`,
  get: 'SELECT * FROM alerts WHERE id = ?',
  // The first acknowledgement stands: a second one changes nothing. It releases the dedupe key.
  acknowledge: `UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, dedupe_key = NULL
    WHERE id = ? AND org_id = ? AND acknowledged_at IS NULL RETURNING *`,
  resolve: `UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, dedupe_key = NULL
    WHERE kind = ? AND acknowledged_at IS NULL RETURNING *`,
};

export class SqliteAlertRepository implements AlertRepository {
  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
  ) {}

  async insert(a: Alert): Promise<boolean> {
    // An acknowledged alert holds no key (as acknowledge leaves it).
    const key = a.acknowledgedAt === undefined ? (a.dedupeKey ?? null) : null;
    const { changes } = this.s
      .get(ALERT_SQL.insert)
      .run(a.id, a.orgId, a.kind, a.scheduleId ?? null, a.message, a.raisedAt, a.acknowledgedAt ?? null, a.acknowledgedBy ?? null, key);
    if (changes > 0) this.feed.emit({ kind: 'alert.raised', alert: (await this.get(a.id, a.orgId))! });
    return changes > 0;
  }

  async get(id: string, orgId: string): Promise<Alert | undefined> {
    const row = this.s.get(ALERT_SQL.get).get(id) as Row | undefined;
    if (!row || row.org_id !== orgId) return undefined;
    return rowToAlert(row);
  }

  async list(orgId: string, filter: AlertFilter, req: PageRequest): Promise<Page<Alert>> {
    const where = alertWhere(orgId, filter);
    const after = req.after === undefined ? undefined : decodeTimeCursor(req.after);
    const sql = `SELECT * FROM alerts WHERE ${where.sql}${after ? ' AND (raised_at, id) < (?, ?)' : ''}
      ORDER BY raised_at DESC, id DESC LIMIT ?`;
    const rows = this.s.get(sql).all(...where.params, ...(after ?? []), req.first + 1) as Row[];
    return pageOf(rows, req.first, rowToAlert, alertCursor);
  }

  async count(orgId: string, filter: AlertFilter): Promise<number> {
    const where = alertWhere(orgId, filter);
    return (this.s.get(`SELECT COUNT(*) AS n FROM alerts WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async acknowledge(id: string, orgId: string, by: string, now: number): Promise<Alert | undefined> {
    const row = this.s.get(ALERT_SQL.acknowledge).get(now, by, id, orgId) as Row | undefined;
    if (!row) return this.get(id, orgId);
    const alert = rowToAlert(row);
    this.feed.emit({ kind: 'alert.updated', alert });
    return alert;
  }

  async resolve(kind: AlertKind, by: string, now: number): Promise<number> {
    const rows = this.s.get(ALERT_SQL.resolve).all(now, by, kind) as Row[];
    for (const row of rows) this.feed.emit({ kind: 'alert.updated', alert: rowToAlert(row) });
    return rows.length;
  }
}
