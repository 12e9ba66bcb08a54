/**
 * Alerts on MongoDB: the filter, sort and update documents (pure, so they can be checked without a
 * server, and meaning what the SQLite adapter's SQL means) and the repository. Writes announce
 * nothing here: the change stream does (change-stream.ts).
 */
import { MongoServerError, type Collection, type Filter, type Sort, type UpdateFilter } from 'mongodb';
import type { Alert, AlertKind } from '../../domain/schedule.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { AlertRepository } from '../port.js';
import { docToAlert, toDoc, type AlertDoc } from './documents.js';
import { keysetAfter, DUPLICATE_KEY } from './keyset.js';
import { pageOf } from '../../domain/page.js';
import { alertCursor, decodeTimeCursor } from '../../domain/list-orders.js';
import { type AlertFilter } from '../../domain/schedule.js';

/** Open = not acknowledged (the field is absent: nothing here writes null). */
export function alertQuery(orgId: string, f: AlertFilter): Filter<AlertDoc> {
  const query: Filter<AlertDoc> = { orgId };
  if (f.open !== undefined) query.acknowledgedAt = { $exists: !f.open };
  if (f.scheduleId !== undefined) query.scheduleId = f.scheduleId;
  return query;
}

export const ALERT_SORT: Sort = { raisedAt: -1, _id: -1 };

export function alertAfter(cursor: string): Filter<AlertDoc> {
  const [raisedAt, id] = decodeTimeCursor(cursor);
  return keysetAfter('raisedAt', raisedAt, id, '$lt') as Filter<AlertDoc>;
}

/** The first acknowledgement stands: only an open alert of the org matches. */
export const acknowledgeFilter = (id: string, orgId: string): Filter<AlertDoc> => ({ _id: id, orgId, acknowledgedAt: { $exists: false } });
/** Acknowledging releases the alert's dedupe key (unique per org among the alerts that hold one). */
export const acknowledgeUpdate = (by: string, now: number): UpdateFilter<AlertDoc> => ({
  $set: { acknowledgedAt: now, acknowledgedBy: by },
  $unset: { dedupeKey: '' },
});
/** Every open alert of a kind, in every org. */
export const resolveFilter = (kind: AlertKind): Filter<AlertDoc> => ({ kind, acknowledgedAt: { $exists: false } });

export class MongoAlertRepository implements AlertRepository {
  constructor(private readonly alerts: Collection<AlertDoc>) {}

  async insert(alert: Alert): Promise<boolean> {
    const doc = toDoc(alert) as AlertDoc;
    // An acknowledged alert holds no key (as acknowledge leaves it).
    if (doc.acknowledgedAt !== undefined) delete doc.dedupeKey;
    try {
      await this.alerts.insertOne(doc);
      return true;
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY || doc.dedupeKey === undefined) throw error;
      // The unique org_dedupe index decided: an open alert holds the key. (A clash on _id alone is an error.)
      if (!(await this.alerts.findOne({ orgId: doc.orgId, dedupeKey: doc.dedupeKey }, { projection: { _id: 1 } }))) throw error;
      return false;
    }
  }

  async get(id: string, orgId: string): Promise<Alert | undefined> {
    const doc = await this.alerts.findOne({ _id: id, orgId });
    return doc ? docToAlert(doc) : undefined;
  }

  async list(orgId: string, filter: AlertFilter, page: PageRequest): Promise<Page<Alert>> {
    const query = alertQuery(orgId, filter);
    const full = page.after === undefined ? query : { $and: [query, alertAfter(page.after)] };
    const docs = await this.alerts.find(full).sort(ALERT_SORT).limit(page.first + 1).toArray();
    return pageOf(docs, page.first, docToAlert, alertCursor);
  }

  count(orgId: string, filter: AlertFilter): Promise<number> {
    return this.alerts.countDocuments(alertQuery(orgId, filter));
  }

  async acknowledge(id: string, orgId: string, by: string, now: number): Promise<Alert | undefined> {
    const doc = await this.alerts.findOneAndUpdate(acknowledgeFilter(id, orgId), acknowledgeUpdate(by, now), { returnDocument: 'after' });
    return doc ? docToAlert(doc) : this.get(id, orgId);
  }

  async resolve(kind: AlertKind, by: string, now: number): Promise<number> {
    const { modifiedCount } = await this.alerts.updateMany(resolveFilter(kind), acknowledgeUpdate(by, now));
    return modifiedCount;
  }
}
