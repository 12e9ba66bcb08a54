/** The audit page's GraphQL documents (typed by `npm run codegen`). */
import { graphql } from '../../gql';

export const AuditEntryFields = graphql(`
  fragment AuditEntryFields on AuditEntry {
    id
    at
    actor
    action
    targetType
    targetId
    details
  }
`);

export const AuditLog = graphql(`
  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { ...PageFields }
      edges { node { ...AuditEntryFields } }
    }
  }
`);

/** There is no audit feed: the changes that write entries are the signal to read the log again. */
export const AuditScheduleSignals = graphql(`
  subscription AuditScheduleSignals {
    scheduleEvents {
      kind
    }
  }
`);

export const AuditJobSignals = graphql(`
  subscription AuditJobSignals {
    jobEvents {
      kind
      job {
        status
      }
    }
  }
`);
