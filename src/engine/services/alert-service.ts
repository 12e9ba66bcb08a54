/** Alerts of an org: listed, and acknowledged by an operator (audited). */
import type { Actor } from '../domain/actor.js';
import { NotFoundError } from '../domain/errors.js';
import type { Page, PageRequest } from '../domain/page.js';
import type { Alert, AlertFilter } from '../domain/schedule.js';
import type { Store } from '../store/port.js';
import { writeAudit } from './audit-writer.js';

export class AlertService {
  constructor(private readonly store: Store) {}

  list(actor: Actor, filter: AlertFilter, page: PageRequest): Promise<Page<Alert>> {
    return this.store.alerts.list(actor.orgId, filter, page);
  }

  count(actor: Actor, filter: AlertFilter): Promise<number> {
    return this.store.alerts.count(actor.orgId, filter);
  }

  get(actor: Actor, id: string): Promise<Alert | undefined> {
    return this.store.alerts.get(id, actor.orgId);
  }

  /** Closes the alert; one acknowledged already comes back unchanged (the first acknowledgement stands). */
  async acknowledge(actor: Actor, id: string): Promise<Alert> {
    const existing = await this.store.alerts.get(id, actor.orgId);
    if (!existing) throw new NotFoundError('alert', id);
    if (existing.acknowledgedAt !== undefined) return existing;
    const acknowledged = await this.store.alerts.acknowledge(id, actor.orgId, actor.userId, Date.now());
    if (!acknowledged) throw new NotFoundError('alert', id);
    await writeAudit(this.store, actor, 'alert.acknowledge', { type: 'alert', id }, { scheduleId: existing.scheduleId ?? null });
    return acknowledged;
  }
}
