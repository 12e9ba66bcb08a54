/** The Budgets page's GraphQL documents. */
import { graphql } from '../../gql';
import type { BudgetsListQuery } from '../../gql/graphql';

export const BudgetsList = graphql(`
  query BudgetsList {
    budgets {
      id
      scope
      target
      period
      limitUsd
      spentUsd
      reservedUsd
      action
      thresholds
      periodStart
      updatedAt
    }
  }
`);

/** Alerts raised or closed (a budget reaching a threshold among them): the moment to read again. */
export const BudgetAlertSignals = graphql(`
  subscription BudgetAlertSignals {
    alertEvents {
      kind
    }
  }
`);

/** Calls that end settle their holds into what was spent: the moment to read again too. */
export const BudgetCallSignals = graphql(`
  subscription BudgetCallSignals {
    llmCallEvents {
      kind
      call {
        id
        status
      }
    }
  }
`);

export const CreateBudget = graphql(`
  mutation CreateBudget($input: BudgetInput!) {
    createBudget(input: $input) {
      id
    }
  }
`);

export const UpdateBudget = graphql(`
  mutation UpdateBudget($id: ID!, $input: BudgetInput!) {
    updateBudget(id: $id, input: $input) {
      id
    }
  }
`);

export const DeleteBudget = graphql(`
  mutation DeleteBudget($id: ID!) {
    deleteBudget(id: $id)
  }
`);

export type BudgetRow = BudgetsListQuery['budgets'][number];
