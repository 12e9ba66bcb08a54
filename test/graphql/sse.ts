/**
 * A GraphQL subscription over HTTP (server-sent events), read the way a browser's EventSource would:
 * `event:` and `data:` lines, blocks split by a blank line, comments (keep-alive pings) skipped.
 */
export interface SseEvent {
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  /** Every event so far, in order. */
  readonly events: SseEvent[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, query: string, secret: string, variables?: Record<string, unknown>): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query, ...(variables && { variables }) }),
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'event') event = value;
            if (field === 'data') data.push(value);
          }
          if (data.length) events.push({ event, data: data.join('\n') });
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  return { status: response.status, events, ended, close: () => abort.abort() };
}
