/**
 * HTTP requests start a few per event-loop turn, so that no turn runs long, callers in rotation and
 * each caller's in arrival order.
 *
 * Node accepts one new connection per event-loop turn (libuv gives the listening socket one accept()
 * per poll). The SQLite store answers in microtasks, so every request read in a turn would otherwise
 * run to its end inside that turn: with 200 busy connections a turn took ~300 ms, and a client
 * connecting then waited in the accept queue behind hundreds of turns (2-10 s before its first byte
 * was read) while the requests of connected clients were answered in a few hundred ms.
 *
 * Here a request is queued when it arrives and started from a setImmediate callback; each turn
 * starts as many as keep the turn near `targetTurnMs` (halved when a turn ran long, grown by one
 * while they fit). Turns stay short, so connections are accepted at a steady rate. A request whose
 * body was still arriving when it started goes on once the body is in, in a coming turn ahead of the
 * requests not yet started (`resume`), so its work also runs in a turn, not in whichever poll phase
 * read its last bytes (a batch of 1,000 jobs is ~25 ms; several finishing in one poll made one long
 * turn).
 *
 * Callers take turns: each request names its caller (the org of a known token, else whoever sent it),
 * and a turn starts one request of each waiting caller in rotation, so one org keeping hundreds of
 * requests queued (200 connections of 1,000-job batches: ~4 s of work) holds another org's request
 * back by about one request of its own, not by the whole queue. Within a caller, first come, first
 * served.
 *
 * A caller's queue is bounded in time: a request that would wait `maxWaitMs` or more for its turn is
 * refused, not queued (the server answers 429 with Retry-After). Offered more work than it can do, a
 * server can only make everyone wait longer or say so; saying so keeps every answered request near
 * `maxWaitMs` plus its own work, and the caller knows to back off. The wait is reckoned when the
 * request arrives, before its body is read: each request weighs its body's size in KB (1 at least),
 * which its work roughly follows (a batch of 1,000 small jobs, ~37 KB, is 25-30 ms; a 300-byte
 * enqueueJob or list query 0.2-0.3 ms), and the time a unit of weight takes is measured from the turns.
 * The weight that starts before it (its caller's queue, and as much of each other caller's queue, up
 * to as much, since callers take turns), times that time, is the wait. How long requests have waited
 * already is not used: after a stall of the whole process (a long collection, a loaded machine) the
 * few requests queued meanwhile would have every next one refused, while the queue is short.
 *
 * Connections come first: a turn that follows the accept of a new connection starts nothing and
 * yields at once (for up to `acceptFirstMs`), so a burst of connections is accepted in a few quick
 * turns instead of one per request turn. When 50 clients connect together with batches of 1,000
 * jobs, the last one was accepted after 50 turns of ~25 ms, then queued behind everyone's first
 * request: its first answer came after 2-4 s while the others' came in about one.
 */
export interface RequestTurnsOptions {
  /** How long one event-loop turn should take under load, in ms. */
  targetTurnMs: number;
  /**
   * How long turns may start nothing while new connections keep being accepted, in ms, before one
   * starts requests again (so a stream of new connections cannot stop the requests).
   */
  acceptFirstMs?: number;
  /** The longest a request may be reckoned to wait for its turn, in ms: one that would wait longer is refused (0: none is). */
  maxWaitMs?: number;
  /** The clock, in ms (tests give their own). */
  now?: () => number;
}

/** One caller's queued requests, first come first served, each with its weight. */
interface Lane {
  readonly caller: string;
  starts: Array<(() => void) | undefined>;
  weights: number[];
  head: number;
  /** The weight of its queued requests. */
  weight: number;
}

/**
 * The time one unit of weight (1 KB of request body) takes at least, in ms: the estimate never goes
 * below it, so a spell of cheap requests (a few µs per KB) cannot let a burst of large ones in
 * unweighed.
 */
const MIN_MS_PER_WEIGHT = 0.25;
/**
 * The time a unit of weight takes is the time of recent turns over the weight they started: a ratio
 * of sums, so one long turn that started one small request (a garbage collection, a burst of other
 * work) moves it a little, not by its own ratio. Every ms while requests wait counts, the turns that
 * yield to accepts included, up to 10 ms and 10 ms per KB started between two turns (a stall of the
 * whole process while a few small requests wait says little about the next requests' work). Both
 * sums fade with that time, by e every this many ms; idle time fades nothing, so what the last busy
 * spell measured is there for the next.
 */
const FADE_MS = 2_000;
/** The most one gap between two turns adds to the measure: this many ms, and MAX_GAP_MS_PER_WEIGHT per unit started. */
const MAX_GAP_MS = 10;
const MAX_GAP_MS_PER_WEIGHT = 10;
/** Past this many callers queued at once, the wait is reckoned without looking at each one's queue. */
const MAX_LANES_SUMMED = 32;
/** The weight the first figure (MIN_MS_PER_WEIGHT) counts as, before turns have measured any. */
const PRIOR_WEIGHT = 20;

/** The default of `acceptFirstMs`. */
const ACCEPT_FIRST_MS = 20;

export class RequestTurns {
  readonly #targetMs: number;
  readonly #now: () => number;
  /** Callers with queued requests, by caller, and the same lanes in the order turns visit them. */
  readonly #lanes = new Map<string, Lane>();
  #rotation: Lane[] = [];
  /** The lane the next turn starts with. */
  #next = 0;
  #queued = 0;
  /** The weight of every queued request. */
  #queuedWeight = 0;
  readonly #maxWaitMs: number;
  /** Recent turns' time and the weight they started (decaying sums), and the weight started in the last turn. */
  #turnsMs = MIN_MS_PER_WEIGHT * PRIOR_WEIGHT;
  #turnsWeight = PRIOR_WEIGHT;
  #startedWeight = 0;
  /** Where the measure of turns stands: the last turn that started requests (0: idle since). */
  #measuredTo = 0;
  /** Requests that had their turn, waited for their bodies and go on first (resume). */
  #resumed: Array<() => void> = [];
  #perTurn = 8;
  #scheduled = false;
  #lastTurnAt = 0;
  readonly #acceptFirstMs: number;
  /** A connection was accepted since the last turn. */
  #accepted = false;
  /** When turns started yielding to accepts (0: they are not). */
  #yieldingSince = 0;
  /** Turns do not yield to accepts before this time (after a spell that reached its limit). */
  #noYieldUntil = 0;

  constructor(options: RequestTurnsOptions = { targetTurnMs: 5 }) {
    this.#targetMs = options.targetTurnMs;
    this.#acceptFirstMs = options.acceptFirstMs ?? ACCEPT_FIRST_MS;
    this.#maxWaitMs = options.maxWaitMs ?? 0;
    this.#now = options.now ?? (() => performance.now());
  }

  /** A new connection was accepted: the next turn yields to the next accept (see above). */
  accepted(): void {
    this.#accepted = true;
  }

  /**
   * Resolves in a coming turn, ahead of the requests that have not started: for a request that
   * already had its turn and waited for its body (it keeps its place; at the back of the queue it
   * would wait twice as long as the others).
   */
  resume(): Promise<void> {
    return new Promise((resolve) => {
      this.#resumed.push(resolve);
      this.#schedule();
    });
  }

  /** Requests queued and not yet started (or resumed). */
  get waiting(): number {
    return this.#queued + this.#resumed.length;
  }

  /**
   * Starts `start` in its turn among `caller`'s requests; false (and `start` is dropped) when it
   * would wait `maxWaitMs` or more (see above) and `refusable`. `weight`: its body's size in KB, 1 at
   * least.
   */
  run(start: () => void, caller = '', weight = 1, refusable = true): boolean {
    if (refusable && this.#maxWaitMs > 0 && this.expectedWaitMs(caller) >= this.#maxWaitMs) return false;
    let lane = this.#lanes.get(caller);
    if (!lane) {
      lane = { caller, starts: [], weights: [], head: 0, weight: 0 };
      this.#lanes.set(caller, lane);
      this.#rotation.push(lane);
    }
    lane.starts.push(start);
    lane.weights.push(weight);
    lane.weight += weight;
    this.#queuedWeight += weight;
    this.#queued++;
    this.#schedule();
    return true;
  }

  /**
   * How long a request of `caller` arriving now would wait for its turn, in ms: the weight that starts
   * before it (its caller's queue, and as much of each other caller's, since they take turns) times
   * the time a unit takes.
   */
  expectedWaitMs(caller: string): number {
    const lane = this.#lanes.get(caller);
    if (!lane) return 0;
    let ahead = lane.weight;
    if (this.#rotation.length > MAX_LANES_SUMMED) ahead = Math.min(this.#queuedWeight, lane.weight * this.#rotation.length);
    else for (const other of this.#rotation) if (other !== lane) ahead += Math.min(other.weight, lane.weight);
    const msPerWeight = Math.max(this.#turnsMs / this.#turnsWeight, MIN_MS_PER_WEIGHT);
    return ahead * msPerWeight;
  }

  #schedule(): void {
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#lastTurnAt = 0;
      this.#measuredTo = 0;
      setImmediate(this.#turn);
    }
  }

  readonly #turn = (): void => {
    const now = this.#now();
    const accepted = this.#accepted;
    this.#accepted = false;
    if (accepted && now >= this.#noYieldUntil) {
      if (this.#yieldingSince === 0) this.#yieldingSince = now;
      if (now - this.#yieldingSince < this.#acceptFirstMs) {
        // The next poll accepts the next waiting connection, if there is one; this turn's length
        // is not the requests', so the next is not measured against it.
        this.#lastTurnAt = 0;
        return void setImmediate(this.#turn);
      }
      // Connections still coming after a whole spell: requests get at least as long before the
      // next one, so a flood of new connections costs the requests at most half their turns.
      this.#noYieldUntil = now + this.#acceptFirstMs;
    }
    this.#yieldingSince = 0;
    // The time since the last turn started is what the requests started then cost, with the
    // sockets read in between: the turn's length.
    if (this.#lastTurnAt > 0) {
      if (now - this.#lastTurnAt > this.#targetMs) this.#perTurn = Math.max(1, this.#perTurn >> 1);
      else if (this.waiting > this.#perTurn) this.#perTurn++;
    }
    this.#lastTurnAt = now;
    // Every ms since the last turn that started requests is the queue's, spells of accepts
    // included: while requests wait, time passes for them whatever the loop does.
    if (this.#measuredTo > 0) {
      const ms = Math.min(now - this.#measuredTo, MAX_GAP_MS + this.#startedWeight * MAX_GAP_MS_PER_WEIGHT);
      const kept = Math.exp(-ms / FADE_MS);
      this.#turnsMs = this.#turnsMs * kept + ms;
      this.#turnsWeight = this.#turnsWeight * kept + this.#startedWeight;
    }
    this.#measuredTo = now;
    this.#startedWeight = 0;
    let room = this.#perTurn;
    if (this.#resumed.length > 0) {
      const resumed = this.#resumed.splice(0, room);
      room -= resumed.length;
      for (const resume of resumed) resume();
    }
    // One request of each caller in rotation; the turn after goes on from the next caller.
    while (room > 0 && this.#rotation.length > 0) {
      if (this.#next >= this.#rotation.length) this.#next = 0;
      const lane = this.#rotation[this.#next]!;
      const start = this.#take(lane);
      room--;
      if (lane.head === lane.starts.length) {
        this.#lanes.delete(lane.caller);
        this.#rotation.splice(this.#next, 1);
      } else this.#next++;
      start();
    }
    if (this.#queued === 0 && this.#resumed.length === 0) {
      this.#scheduled = false;
      return;
    }
    setImmediate(this.#turn);
  };

  /** The lane's next request, taken off its queue. */
  #take(lane: Lane): () => void {
    const start = lane.starts[lane.head]!;
    const weight = lane.weights[lane.head]!;
    lane.starts[lane.head++] = undefined;
    lane.weight -= weight;
    this.#queuedWeight -= weight;
    this.#startedWeight += weight;
    this.#queued--;
    if (lane.head > 1024 && lane.head * 2 > lane.starts.length) {
      lane.starts = lane.starts.slice(lane.head);
      lane.weights = lane.weights.slice(lane.head);
      lane.head = 0;
    }
    return start;
  }
}
