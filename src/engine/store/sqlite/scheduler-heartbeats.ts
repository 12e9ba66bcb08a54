/** Schedulers' heartbeats on SQLite, one row per node (not announced: the watchdog reads them). */
import type { SchedulerHeartbeat } from '../../domain/schedule.js';
import type { SchedulerHeartbeatRepository } from '../port.js';
import { type Row } from './rows.js';
import type { Statements } from './statements.js';

export class SqliteSchedulerHeartbeatRepository implements SchedulerHeartbeatRepository {
  constructor(private readonly s: Statements) {}

  async beat(node: string, at: number): Promise<void> {
    this.s
      .get(
        `INSERT INTO scheduler_heartbeats (node, last_beat_at) VALUES (?, ?)
         ON CONFLICT (node) DO UPDATE SET last_beat_at = max(last_beat_at, excluded.last_beat_at)`,
      )
      .run(node, at);
  }

  async newest(): Promise<SchedulerHeartbeat | undefined> {
    const row = this.s.get('SELECT node, last_beat_at FROM scheduler_heartbeats ORDER BY last_beat_at DESC, node LIMIT 1').get() as Row | undefined;
    return row ? { node: row.node as string, lastBeatAt: row.last_beat_at as number } : undefined;
  }
}
