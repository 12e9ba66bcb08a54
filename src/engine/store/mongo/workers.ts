/** Workers on MongoDB: each executor's last heartbeat, for the queue view. */
import type { Collection } from 'mongodb';
import type { WorkerInfo } from '../../domain/types.js';
import type { WorkerRepository } from '../port.js';
import { docToWorker, toDoc, type WorkerDoc } from './documents.js';

export class MongoWorkerRepository implements WorkerRepository {
  constructor(private readonly workers: Collection<WorkerDoc>) {}

  async upsert(worker: WorkerInfo): Promise<void> {
    const { _id, startedAt, host, pid, ...live } = toDoc(worker) as WorkerDoc;
    await this.workers.updateOne({ _id }, { $set: live, $setOnInsert: { startedAt, host, pid } }, { upsert: true });
  }

  async list(aliveSince: number): Promise<WorkerInfo[]> {
    const docs = await this.workers.find({ lastHeartbeatAt: { $gte: aliveSince } }).sort({ startedAt: 1 }).toArray();
    return docs.map(docToWorker);
  }

  async remove(id: string): Promise<void> {
    await this.workers.deleteOne({ _id: id });
  }
}
