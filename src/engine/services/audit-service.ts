/** The audit log of an org: who did what to which object. Entries are written by the services that act. */
import type { Actor } from '../domain/actor.js';
import type { Page, PageRequest } from '../domain/page.js';
import type { AuditEntry, AuditFilter } from '../domain/types.js';
import type { Store } from '../store/port.js';

export class AuditService {
  constructor(private readonly store: Store) {}

  list(actor: Actor, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    return this.store.audit.list(actor.orgId, filter, page);
  }

  count(actor: Actor, filter: AuditFilter): Promise<number> {
    return this.store.audit.count(actor.orgId, filter);
  }
}
