/** Audit entries: who did what to which object. Written by the services, read through the store. */
import { newId } from '../domain/ids.js';
import type { Store } from '../store/port.js';
import type { Actor } from '../domain/actor.js';
import type { AuditEntry } from '../domain/types.js';

/** An entry of the actor's org, made now (written by `writeAudit`, or with the jobs an insert stores). */
export function auditEntry(actor: Actor, action: string, target: { type: string; id: string }, details?: unknown): AuditEntry {
  return {
    id: newId(),
    orgId: actor.orgId,
    at: Date.now(),
    actor: actor.userId,
    action,
    targetType: target.type,
    targetId: target.id,
    ...(details === undefined ? {} : { details }),
  };
}

export async function writeAudit(
  store: Store,
  actor: Actor,
  action: string,
  target: { type: string; id: string },
  details?: unknown,
): Promise<void> {
  await store.audit.insert(auditEntry(actor, action, target, details));
}
