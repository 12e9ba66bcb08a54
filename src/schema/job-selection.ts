/**
 * Which job fields a `jobs` page reads, from its selection: a page of ids, types and statuses need
 * not read every column of every job (JobListQuery.fields). Each Job field below names the job
 * fields its resolver reads; a selection with any other field under `node` (or one this walk does
 * not follow) reads whole jobs. test/graphql/job-list-fields.test.ts holds every field listed here to
 * the answer `job(id)` gives.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Job } from '../engine/domain/types.js';

/** The job fields each Job field's resolver reads (objects loaded by id read `id` only). */
export const JOB_FIELD_READS: Readonly<Record<string, ReadonlyArray<keyof Job>>> = {
  __typename: [],
  id: ['id'],
  type: ['type'],
  status: ['status'],
  priority: ['priority'],
  payload: ['payload'],
  result: ['result'],
  error: ['errors'],
  errors: ['errors'],
  progress: ['progress'],
  attempt: ['attempt'],
  maxAttempts: ['maxAttempts'],
  runAt: ['runAt'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
  startedAt: ['startedAt'],
  finishedAt: ['finishedAt'],
  durationMs: ['startedAt', 'finishedAt'],
  timeoutMs: ['timeoutMs'],
  cancelRequested: ['cancelRequested'],
  checkpoint: ['checkpoint'],
  createdBy: ['createdBy'],
  idempotencyKey: ['idempotencyKey'],
  leaseOwner: ['leaseOwner'],
  parent: ['parentId'],
  retryOf: ['retryOfId'],
  schedule: ['scheduleId'],
  scheduleRun: ['scheduleRunId'],
  children: ['id'],
  logs: ['id'],
  llmCalls: ['id'],
  usage: ['id'],
  cost: ['id'],
  steps: ['id'],
  waits: ['id'],
};

/** The fields of a connection around jobs that read no job field themselves. */
const CONNECTION_FIELDS = new Set(['__typename', 'pageInfo', 'totalCount', 'totalCountIsExact']);

/** Per field node of a cached document: a document's selection is walked once. */
const walked = new WeakMap<FieldNode, ReadonlyArray<keyof Job> | null>();

/** The job fields a `jobs` field's selection reads, or undefined for whole jobs. */
export function jobFieldsRead(info: GraphQLResolveInfo): ReadonlyArray<keyof Job> | undefined {
  if (info.fieldNodes.length !== 1) return undefined;
  const field = info.fieldNodes[0]!;
  let fields = walked.get(field);
  if (fields === undefined) {
    const reads = new Set<keyof Job>();
    fields = field.selectionSet && readsOfConnection(field.selectionSet, info, reads) ? [...reads] : null;
    walked.set(field, fields);
  }
  return fields ?? undefined;
}

function readsOfConnection(set: SelectionSetNode, info: GraphQLResolveInfo, reads: Set<keyof Job>): boolean {
  return fieldsOf(set, info)?.every((field) => {
    const name = field.name.value;
    if (CONNECTION_FIELDS.has(name)) return true;
    if (name !== 'edges' || !field.selectionSet) return false;
    return fieldsOf(field.selectionSet, info)?.every((edgeField) => {
      const edgeName = edgeField.name.value;
      if (edgeName === '__typename' || edgeName === 'cursor') return true;
      return edgeName === 'node' && !!edgeField.selectionSet && readsOfJob(edgeField.selectionSet, info, reads);
    });
  }) ?? false;
}

function readsOfJob(set: SelectionSetNode, info: GraphQLResolveInfo, reads: Set<keyof Job>): boolean {
  return fieldsOf(set, info)?.every((field) => {
    const fieldReads = JOB_FIELD_READS[field.name.value];
    if (!fieldReads) return false;
    for (const read of fieldReads) reads.add(read);
    return true;
  }) ?? false;
}

/** The fields of a selection set, fragments spread in; undefined when a fragment cannot be found. */
function fieldsOf(set: SelectionSetNode, info: GraphQLResolveInfo): FieldNode[] | undefined {
  const fields: FieldNode[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else {
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : info.fragments[selection.name.value]?.selectionSet;
      const spread = inner && fieldsOf(inner, info);
      if (!spread) return undefined;
      fields.push(...spread);
    }
  }
  return fields;
}
