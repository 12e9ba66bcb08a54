/** Workers on SQLite: each executor's last heartbeat, for the queue view. */
import type { WorkerInfo } from '../../domain/types.js';
import type { WorkerRepository } from '../port.js';
import { rowToWorker, type Row } from './rows.js';
import type { Statements } from './statements.js';

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
