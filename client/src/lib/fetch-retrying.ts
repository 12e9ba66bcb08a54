/**
 * The console's fetch: a request the server refused with 429 (its org's requests would have waited
 * too long for their turn, JOBCENTER_MAX_QUEUE_WAIT_MS) is sent again after its Retry-After, a few
 * times, so a busy moment shows as a short wait instead of an error on the page.
 */

/** Sends after a 429 at most this many times; the last answer is returned whatever it is. */
export const MAX_RETRIES = 3;
/** The longest wait honoured from a Retry-After, in seconds. */
const MAX_WAIT_S = 10;

export async function fetchRetrying(
  input: RequestInfo | URL,
  init?: RequestInit,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<Response> {
  for (let retries = 0; ; retries++) {
    const response = await fetch(input, init);
    if (response.status !== 429 || retries === MAX_RETRIES || init?.signal?.aborted) return response;
    // The refusal's body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    const seconds = Number(response.headers.get('retry-after'));
    await sleep(Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds : 1, MAX_WAIT_S) * 1000);
  }
}
