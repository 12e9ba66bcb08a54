/**
 * The client side of the fan-out bench, run as its own process (so client CPU is not the server's):
 * says 'ready' once loaded, then on its start message opens `count` graphql-ws sockets with one subscription each, records for every event the delay from
 * its `at` to its receipt, and which jobs' terminal STATUS each client saw. The parent sends
 * 'report' when the scenario is over; this answers with its figures and exits. Close codes and
 * errors are counted and reported too, and a crash is sent to the parent before the process exits,
 * so the parent can say why instead of waiting.
 *
 * Two clients: graphql-ws's own (the default), and 'lean' (BENCH_FANOUT_CLIENT=lean): the same
 * protocol over ws, which reads only the four fields it counts from each `next` message instead of
 * parsing it whole. On a machine with few cores the clients compete with the server for them; the
 * lean client shows what the server delivers when the clients cost less.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

interface Start {
  url: string;
  token: string;
  count: number;
  query: string;
  variables?: Record<string, unknown>;
  /** 'graphql-ws': the library's client; 'lean': the same protocol over ws, each event read lazily. */
  client: 'graphql-ws' | 'lean';
}

interface Event {
  kind: string;
  jobId: string;
  at: string;
  job?: { status: string } | null;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const NEXT = Buffer.from('"type":"next"');

/** The string value that follows `prefix` in a message (the fields read here hold no escapes). */
function field(data: Buffer, prefix: string): string | undefined {
  const start = data.indexOf(prefix);
  if (start < 0) return undefined;
  const from = start + prefix.length;
  return data.toString('latin1', from, data.indexOf(0x22, from));
}
const IN_FLIGHT = 50;

function crash(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (process.send) process.send({ crashed: message }, () => process.exit(1));
  else process.exit(1);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

process.once('message', (start: Start) => {
  const cpu0 = process.cpuUsage();
  const clients: Pick<Client, 'dispose'>[] = [];
  const delays: number[] = [];
  const events: number[] = [];
  const terminal: Set<string>[] = [];
  const closeCodes: Record<string, number> = {};
  const errorMessages: Record<string, number> = {};
  let errors = 0;
  let closed = 0;
  let reporting = false;
  // Sockets open in waves of IN_FLIGHT connection handshakes per process, as a crowd reconnecting
  // would; thousands of handshakes at once would only measure graphql-ws's 3 s init timeout.
  let opened = 0;
  let inFlight = 0;
  const openMore = () => {
    while (inFlight < IN_FLIGHT && opened < start.count) open(opened++);
  };
  const settled = (once: { done: boolean }) => {
    if (once.done) return;
    once.done = true;
    inFlight--;
    openMore();
  };
  const received = (i: number, now: number, event: Event) => {
    events[i]!++;
    delays.push(now - Date.parse(event.at));
    if (event.kind === 'STATUS' && event.job && TERMINAL.has(event.job.status)) terminal[i]!.add(event.jobId);
  };
  const closedWith = (code: number | undefined, reason: string | undefined) => {
    if (reporting) return;
    closed++;
    const key = `${code ?? '?'} ${reason ?? ''}`.trim();
    closeCodes[key] = (closeCodes[key] ?? 0) + 1;
  };
  const failed = (text: string) => {
    if (reporting) return;
    errors++;
    errorMessages[text] = (errorMessages[text] ?? 0) + 1;
  };
  const openLean = (i: number) => {
    inFlight++;
    const handshake = { done: false };
    events.push(0);
    terminal.push(new Set());
    const socket = new WebSocket(start.url, 'graphql-transport-ws');
    clients.push({ dispose: () => socket.terminate() });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${start.token}` } })));
    socket.on('message', (data: Buffer) => {
      const now = Date.now();
      // A `next` message is read for its four fields only; every other message is parsed whole.
      if (data.indexOf(NEXT) >= 0) {
        const kind = field(data, '"kind":"');
        const status = field(data, '"status":"');
        received(i, now, { kind: kind!, jobId: field(data, '"jobId":"')!, at: field(data, '"at":"')!, job: status ? { status } : null });
        return;
      }
      const message = JSON.parse(data.toString()) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') {
        settled(handshake);
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: start.query, variables: start.variables } }));
      } else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'error') failed(JSON.stringify(message.payload).slice(0, 200));
    });
    socket.on('error', (error) => failed(error.message));
    socket.on('close', (code, reason) => {
      settled(handshake);
      closedWith(code, reason.toString());
    });
  };
  const open = (i: number) => {
    if (start.client === 'lean') return openLean(i);
    inFlight++;
    const handshake = { done: false };
    const client = createClient({
      url: start.url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${start.token}` },
      on: {
        connected: () => settled(handshake),
        closed: (event) => {
          settled(handshake);
          const { code, reason } = event as { code?: number; reason?: string };
          closedWith(code, reason);
        },
      },
    });
    clients.push(client);
    events.push(0);
    terminal.push(new Set());
    client.subscribe<Record<string, Event>>(
      { query: start.query, variables: start.variables },
      {
        next: (result) => {
          const now = Date.now();
          const event = result.data && Object.values(result.data)[0];
          if (event) received(i, now, event);
        },
        error: (error) => failed(error instanceof Error ? error.message : Array.isArray(error) ? JSON.stringify(error).slice(0, 200) : 'socket closed'),
        complete: () => undefined,
      },
    );
  };
  openMore();
  process.on('message', (message: string) => {
    if (message !== 'report') return;
    reporting = true;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const report = { delays, events, terminal: terminal.map((set) => [...set]), errors, closed, closeCodes, errorMessages, cpuMs };
    process.send!(report, () => {
      for (const client of clients) void client.dispose();
      setTimeout(() => process.exit(0), 200).unref();
    });
  });
  process.send!('started');
});

process.send!('ready');
