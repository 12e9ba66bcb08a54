/**
 * What the console reads of a cursor connection: the total, the page's end, and its rows as a
 * fragment. Every paged query spreads PageFields, so that field list is written once.
 */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { graphql, type FragmentType } from '../gql';

export const PageFields = graphql(`
  fragment PageFields on PageInfo {
    hasNextPage
    endCursor
  }
`);

/** A fragment that selects a `Row` (its variables typed `any`, as the generated fragments are). */
export type RowFragment<Row> = DocumentTypeDecoration<Row, any>;

/** A connection whose nodes spread the row fragment of `Row`. */
export interface Connection<Row> {
  totalCount: number;
  /** Job lists: false when totalCount is a lower bound (the server stopped counting at its cap). */
  totalCountIsExact?: boolean;
  pageInfo: FragmentType<typeof PageFields>;
  edges: readonly { node: FragmentType<RowFragment<Row>> }[];
}
