/** Audit entries on MongoDB: newest first, filtered by actor, action, target and time. */
import { keysetAfter } from './keyset.js';
import { pageOf } from '../../domain/page.js';
import { auditCursor, decodeTimeCursor } from '../../domain/list-orders.js';
import type { Collection, Filter } from 'mongodb';
import type { AuditEntry, AuditFilter } from '../../domain/types.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { AuditRepository } from '../port.js';
import { docToAudit, toDoc, type AuditDoc } from './documents.js';

export function auditQuery(orgId: string, f: AuditFilter): Filter<AuditDoc> {
  const query: Filter<AuditDoc> = { orgId };
  if (f.actor?.length) query.actor = { $in: f.actor };
  if (f.action?.length) query.action = { $in: f.action };
  if (f.targetType !== undefined) query.targetType = f.targetType;
  if (f.targetId !== undefined) query.targetId = f.targetId;
  if (f.since !== undefined || f.until !== undefined) {
    query.at = { ...(f.since !== undefined && { $gte: f.since }), ...(f.until !== undefined && { $lt: f.until }) };
  }
  return query;
}

export class MongoAuditRepository implements AuditRepository {
  constructor(private readonly audit: Collection<AuditDoc>) {}

  async insert(entry: AuditEntry): Promise<void> {
    await this.audit.insertOne(toDoc(entry) as AuditDoc);
  }

  async list(orgId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    const query = auditQuery(orgId, filter);
    const after = page.after === undefined ? undefined : decodeTimeCursor(page.after);
    const full: Filter<AuditDoc> = after
      ? { $and: [query, keysetAfter('at', after[0], after[1], '$lt')] }
      : query;
    const docs = await this.audit.find(full).sort({ at: -1, _id: -1 }).limit(page.first + 1).toArray();
    return pageOf(docs, page.first, docToAudit, auditCursor);
  }

  count(orgId: string, filter: AuditFilter): Promise<number> {
    return this.audit.countDocuments(auditQuery(orgId, filter));
  }
}
