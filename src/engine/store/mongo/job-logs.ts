/** Job logs on MongoDB: numbered per job by a counter document, in order. */
import type { Collection, Filter } from 'mongodb';
import type { JobLog, LogLevel, NewJobLog } from '../../domain/types.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { JobLogRepository } from '../port.js';
import { docToLog, type JobLogDoc } from './documents.js';
import { logFilter } from './queries.js';
import { pageOf } from '../../domain/page.js';
import { decodeLogCursor, logCursor } from '../../domain/list-orders.js';

export class MongoJobLogRepository implements JobLogRepository {
  constructor(
    private readonly logs: Collection<JobLogDoc>,
    private readonly counters: Collection<{ _id: string; seq: number }>,
  ) {}

  async append(logs: NewJobLog[]): Promise<JobLog[]> {
    const byJob = new Map<string, NewJobLog[]>();
    for (const log of logs) byJob.set(log.jobId, [...(byJob.get(log.jobId) ?? []), log]);
    const written: JobLog[] = [];
    for (const [jobId, lines] of byJob) {
      // One counter per job hands out seq ranges atomically, whichever process writes.
      const counter = await this.counters.findOneAndUpdate(
        { _id: jobId },
        { $inc: { seq: lines.length } },
        { upsert: true, returnDocument: 'after' },
      );
      const first = counter!.seq - lines.length + 1;
      const docs = lines.map((line, i): JobLogDoc => {
        const seq = first + i;
        const doc: JobLogDoc = { ...line, seq, _id: `${jobId}:${seq}` };
        if (doc.data === undefined) delete doc.data;
        return doc;
      });
      await this.logs.insertMany(docs, { ordered: true });
      written.push(...docs.map(docToLog));
    }
    return written;
  }

  async list(orgId: string, jobId: string, opts: { page: PageRequest; levels?: LogLevel[] }): Promise<Page<JobLog>> {
    const after = decodeLogCursor(opts.page.after);
    const docs = await this.logs
      .find(logFilter(orgId, jobId, after, opts.levels) as Filter<JobLogDoc>)
      .sort({ seq: 1 })
      .limit(opts.page.first + 1)
      .toArray();
    return pageOf(docs, opts.page.first, docToLog, logCursor);
  }

  count(orgId: string, jobId: string, levels?: LogLevel[]): Promise<number> {
    return this.logs.countDocuments(logFilter(orgId, jobId, 0, levels) as Filter<JobLogDoc>);
  }
}
