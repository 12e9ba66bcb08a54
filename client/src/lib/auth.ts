/**
 * The signed-in token: kept in localStorage so a reload keeps you signed in, and checked against the
 * API (`viewer`) before it is accepted.
 */
import { createSignal } from 'solid-js';

const KEY = 'jobcenter.token';

export interface Viewer {
  userId: string;
  orgId: string;
  permissions: string[];
}

function stored(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

const [token, setTokenSignal] = createSignal<string | null>(stored());
const [viewer, setViewer] = createSignal<Viewer | null>(null);
/** Why the last session ended, shown on the sign-in page. */
const [signOutReason, setSignOutReason] = createSignal<string | null>(null);

export { token, viewer, signOutReason };

export function signIn(secret: string, who: Viewer): void {
  localStorage.setItem(KEY, secret);
  setSignOutReason(null);
  setViewer(who);
  setTokenSignal(secret);
}

export function signOut(reason?: string): void {
  localStorage.removeItem(KEY);
  setViewer(null);
  setSignOutReason(reason ?? null);
  setTokenSignal(null);
}

export function rememberViewer(who: Viewer): void {
  setViewer(who);
}

/** Whether the token may do `permission` (`admin` implies every permission). */
export function can(permission: string): boolean {
  const v = viewer();
  if (!v) return false;
  return v.permissions.includes('admin') || v.permissions.includes(permission);
}

/**
 * Asks the API who a token belongs to. Returns the viewer, or throws an Error whose message is fit
 * to show (invalid, expired or revoked token; server unreachable).
 */
export async function checkToken(secret: string): Promise<Viewer> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ viewer { userId orgId permissions } }' }),
    });
  } catch {
    throw new Error('The server cannot be reached. Is jobcenter running?');
  }
  const body = (await response.json().catch(() => null)) as
    | { data?: { viewer?: Viewer }; errors?: { message: string }[] }
    | null;
  if (body?.data?.viewer) return body.data.viewer;
  throw new Error(body?.errors?.[0]?.message ?? `The server answered ${response.status}.`);
}
