/** A job's log lines, read within the caller's org. */
import type { Actor } from '../domain/actor.js';
import type { Page, PageRequest } from '../domain/page.js';
import type { JobLog, LogLevel } from '../domain/types.js';
import type { Store } from '../store/port.js';

export class JobLogService {
  constructor(private readonly store: Store) {}

  list(actor: Actor, jobId: string, page: PageRequest, levels?: LogLevel[]): Promise<Page<JobLog>> {
    return this.store.logs.list(actor.orgId, jobId, { page, ...(levels && { levels }) });
  }

  count(actor: Actor, jobId: string, levels?: LogLevel[]): Promise<number> {
    return this.store.logs.count(actor.orgId, jobId, levels);
  }
}
