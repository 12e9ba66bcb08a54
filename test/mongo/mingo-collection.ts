/**
 * An in-memory stand-in for the few `Collection` methods the jobs repository and the concurrency
 * slots call, evaluated by mingo (MongoDB's query and update language in JavaScript). It lets the
 * adapter's bookkeeping run through the port without a server; what only a server shows (atomicity
 * under concurrency, change streams) stays in the store contract suite.
 */
import { aggregate, find, update, updateOne } from 'mingo';
import type { ClientSession, Collection, Document } from 'mongodb';

type Doc = Document & { _id: string };

interface FindOptions {
  projection?: Document;
  sort?: Document;
}

function query(docs: Doc[], filter: Document, options: FindOptions = {}) {
  const cursor = find(docs, filter);
  let sort = options.sort;
  let limit: number | undefined;
  const chain = {
    sort(spec: Document) {
      sort = spec;
      return chain;
    },
    limit(n: number) {
      limit = n;
      return chain;
    },
    async toArray() {
      let c = cursor;
      if (sort) c = c.sort(sort as never);
      if (limit !== undefined) c = c.limit(limit);
      const found = c.all().map((d) => structuredClone(d));
      return options.projection ? found.map((d) => project(d as Doc, options.projection!)) : found;
    },
    async next() {
      return (await chain.toArray())[0] ?? null;
    },
  };
  return chain;
}

/** Inclusion projections only (what the adapter uses); _id always kept. */
function project(doc: Doc, projection: Document): Doc {
  const out: Doc = { _id: doc._id };
  for (const [key, on] of Object.entries(projection)) if (on && key in doc) out[key] = doc[key];
  return out;
}

/** A new document for an upsert: the filter's plain equalities, then the update. */
function upserted(filter: Document, modifier: Document): Doc {
  const doc: Doc = { _id: '' };
  for (const [key, value] of Object.entries(filter)) if (!key.startsWith('$') && (typeof value !== 'object' || value === null)) doc[key] = value;
  const { $setOnInsert, ...rest } = modifier;
  if ($setOnInsert) Object.assign(doc, $setOnInsert);
  if (Object.keys(rest).length) update(doc, rest as never);
  return doc;
}

export class MingoCollection<T extends Doc = Doc> {
  readonly docs: Doc[] = [];

  /** `unique`: the fields of unique indexes beside _id, each checked on insert as the server would. */
  constructor(private readonly unique: string[][] = []) {}

  async insertMany(docs: T[]) {
    for (const doc of docs) {
      const clash = (d: Doc) => d._id === doc._id || this.unique.some((fields) => fields.every((f) => d[f] === doc[f]));
      if (this.docs.some(clash)) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      this.docs.push(structuredClone(doc));
    }
    return { insertedCount: docs.length };
  }

  async insertOne(doc: T) {
    await this.insertMany([doc]);
    return { insertedId: doc._id };
  }

  async deleteOne(filter: Document) {
    const target = find(this.docs, filter).limit(1).all()[0] as Doc | undefined;
    if (!target) return { deletedCount: 0 };
    this.docs.splice(this.docs.indexOf(this.docs.find((d) => d._id === target._id)!), 1);
    return { deletedCount: 1 };
  }

  aggregate(pipeline: Document[]) {
    const docs = this.docs;
    return { toArray: async () => aggregate(structuredClone(docs), pipeline as never) as Document[] };
  }

  async findOne(filter: Document, options: FindOptions = {}) {
    return query(this.docs, filter, options).next();
  }

  find(filter: Document, options: FindOptions = {}) {
    return query(this.docs, filter, options);
  }

  async distinct(key: string, filter: Document = {}) {
    return [...new Set((find(this.docs, filter).all() as Doc[]).map((d) => (d as Record<string, unknown>)[key]))];
  }

  async countDocuments(filter: Document, options: { limit?: number } = {}) {
    const n = find(this.docs, filter).all().length;
    return options.limit === undefined ? n : Math.min(n, options.limit);
  }

  async findOneAndUpdate(filter: Document, modifier: Document, options: { sort?: Document; returnDocument?: 'before' | 'after'; upsert?: boolean } = {}) {
    let c = find(this.docs, filter);
    if (options.sort) c = c.sort(options.sort as never);
    const target = c.limit(1).all()[0] as Doc | undefined;
    if (!target && options.upsert) {
      const doc = upserted(filter, modifier);
      this.docs.push(doc);
      return options.returnDocument === 'after' ? structuredClone(doc) : null;
    }
    if (!target) return null;
    const before = structuredClone(target);
    updateOne(this.docs, { _id: target._id }, modifier as never);
    const after = this.docs.find((d) => d._id === target._id)!;
    return structuredClone(options.returnDocument === 'after' ? after : before);
  }

  async updateOne(filter: Document, modifier: Document, options: { upsert?: boolean } = {}) {
    // An update pipeline (an array of stages) is applied as it is.
    if (Array.isArray(modifier)) {
      const r = updateOne(this.docs, filter as never, modifier as never);
      return { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount, upsertedCount: 0 };
    }
    // $setOnInsert applies only to an inserted document (mingo does not know it).
    const { $setOnInsert: _, ...onMatch } = modifier;
    const result = Object.keys(onMatch).length
      ? updateOne(this.docs, filter as never, onMatch as never)
      : { matchedCount: find(this.docs, filter).all().length > 0 ? 1 : 0, modifiedCount: 0 };
    if (result.matchedCount === 0 && options.upsert) {
      this.docs.push(upserted(filter, modifier));
      return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 };
    }
    return { matchedCount: result.matchedCount, modifiedCount: result.modifiedCount, upsertedCount: 0 };
  }

  async updateMany(filter: Document, modifier: Document) {
    let matchedCount = 0;
    let modifiedCount = 0;
    for (const doc of find(this.docs, filter).all() as Doc[]) {
      const r = updateOne(this.docs, { _id: doc._id }, modifier as never);
      matchedCount += r.matchedCount;
      modifiedCount += r.modifiedCount;
    }
    return { matchedCount, modifiedCount };
  }

  async deleteMany(filter: Document) {
    const gone = new Set((find(this.docs, filter).all() as Doc[]).map((d) => d._id));
    const kept = this.docs.filter((d) => !gone.has(d._id));
    this.docs.splice(0, this.docs.length, ...kept);
    return { deletedCount: gone.size };
  }

  async bulkWrite(ops: Array<{ updateOne: { filter: Document; update: Document; upsert?: boolean } }>) {
    for (const op of ops) await this.updateOne(op.updateOne.filter, op.updateOne.update, { upsert: op.updateOne.upsert ?? false });
    return {};
  }

  /** The documents as they are now, to put back if a transaction aborts (mingoTransact). */
  snapshot(): () => void {
    const saved = structuredClone(this.docs);
    return () => void this.docs.splice(0, this.docs.length, ...saved);
  }

  /** This stand-in where the adapter expects a driver collection. */
  get collection(): Collection<T> {
    return this as unknown as Collection<T>;
  }
}

/**
 * A transaction over these collections, as the adapter's `transact` runs it: `fn` gets a session
 * (which the stand-ins ignore) and what it wrote is put back if it throws, as an aborted
 * transaction leaves nothing. The undo assumes nothing else wrote meanwhile, which holds for a test
 * that injects a failure into one write at a time.
 */
export function mingoTransact(collections: Array<Pick<MingoCollection, 'snapshot'>>) {
  return async <T,>(fn: (session: ClientSession | undefined) => Promise<T>): Promise<T> => {
    const undo = collections.map((c) => c.snapshot());
    try {
      return await fn({ inTransaction: () => true } as unknown as ClientSession);
    } catch (error) {
      for (const restore of undo) restore();
      throw error;
    }
  };
}
