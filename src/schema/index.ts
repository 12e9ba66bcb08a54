/** The schema: every entity file adds its types and fields to the builder; this file assembles them. */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './auth.js';
import './job-types.js';
import './jobs.js';
import './job-events.js';
import './queue.js';
import './llm-types.js';
import './llm.js';
import './llm-events.js';
import './steps-waits.js';
import './schedule-types.js';
import './schedules.js';
import './schedule-events.js';
import './alerts.js';
import './alert-events.js';
import './audit.js';
import './metrics.js';
import './costs.js';

export const schema: GraphQLSchema = builder.toSchema();

/** The SDL committed as schema.graphql. */
export function printSchemaSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
