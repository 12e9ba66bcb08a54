/** The alerts page's GraphQL documents (typed by `npm run codegen`). */
import { graphql } from '../../gql';

export const AlertRowFields = graphql(`
  fragment AlertRowFields on Alert {
    id
    kind
    message
    raisedAt
    acknowledgedAt
    acknowledgedBy
    scheduleId
    schedule {
      id
      name
    }
  }
`);

export const AlertsList = graphql(`
  query AlertsList($open: Boolean, $scheduleId: ID, $first: Int, $after: String) {
    alerts(open: $open, scheduleId: $scheduleId, first: $first, after: $after) {
      totalCount
      pageInfo { ...PageFields }
      edges { node { ...AlertRowFields } }
    }
  }
`);

export const AlertScheduleOptions = graphql(`
  query AlertScheduleOptions {
    schedules(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const AcknowledgeAlert = graphql(`
  mutation AcknowledgeAlert($id: ID!) {
    acknowledgeAlert(id: $id) {
      id
      acknowledgedAt
      acknowledgedBy
    }
  }
`);

export const AlertsLive = graphql(`
  subscription AlertsLive {
    alertEvents {
      kind
    }
  }
`);
