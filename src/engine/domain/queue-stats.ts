/** A queue's figures for one org, folded from the store's counts per status and task type. */
import type { JobStatus, QueueStats, StatusCount } from './types.js';

export interface StatusTypeCount {
  status: JobStatus;
  type: string;
  count: number;
}

/** Counts by status, and by type (types sorted), from the per-(status, type) counts. */
export function foldQueueStats(counts: StatusTypeCount[], oldestQueuedAt: number | undefined): QueueStats {
  const byStatus = new Map<JobStatus, number>();
  const byType = new Map<string, StatusCount[]>();
  for (const { status, type, count } of counts) {
    byStatus.set(status, (byStatus.get(status) ?? 0) + count);
    byType.set(type, [...(byType.get(type) ?? []), { status, count }]);
  }
  const stats: QueueStats = {
    byStatus: [...byStatus].map(([status, count]) => ({ status, count })),
    byType: [...byType].sort(([a], [b]) => a.localeCompare(b)).map(([type, counts]) => ({ type, counts })),
  };
  if (oldestQueuedAt !== undefined) stats.oldestQueuedAt = oldestQueuedAt;
  return stats;
}
