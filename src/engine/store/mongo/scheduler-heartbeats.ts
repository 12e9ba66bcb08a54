/** Schedulers' heartbeats on MongoDB, one document per node (`_id` is the node name). */
import { type Collection, type Sort, type UpdateFilter } from 'mongodb';
import type { SchedulerHeartbeat } from '../../domain/schedule.js';
import type { SchedulerHeartbeatRepository } from '../port.js';
import { type SchedulerHeartbeatDoc } from './documents.js';

/** A node's beat: $max, so it never moves back; upserted, one document per node. */
export const beatUpdate = (at: number): UpdateFilter<SchedulerHeartbeatDoc> => ({ $max: { lastBeatAt: at } });
export const NEWEST_BEAT_SORT: Sort = { lastBeatAt: -1, _id: 1 };

export class MongoSchedulerHeartbeatRepository implements SchedulerHeartbeatRepository {
  constructor(private readonly beats: Collection<SchedulerHeartbeatDoc>) {}

  async beat(node: string, at: number): Promise<void> {
    await this.beats.updateOne({ _id: node }, beatUpdate(at), { upsert: true });
  }

  async newest(): Promise<SchedulerHeartbeat | undefined> {
    const doc = await this.beats.findOne({}, { sort: NEWEST_BEAT_SORT });
    return doc ? { node: doc._id, lastBeatAt: doc.lastBeatAt } : undefined;
  }
}
