/** Who is acting: a user of an org (API callers), or the system itself. */
export interface Actor {
  orgId: string;
  userId: string;
}
