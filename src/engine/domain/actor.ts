/** Who is acting: a user of an org (API callers), or the system itself. */
export interface Actor {
  orgId: string;
  userId: string;
  /** The API token acting, when there is one (per-token limits key on it). */
  tokenId?: string;
}
