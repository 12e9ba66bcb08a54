/**
 * The change stream's life in one process: opened (from the stored resume token) when the store
 * opens, reopened when it fails or ends, its events mapped (change-stream.ts) onto the change feed,
 * and its resume token saved when it moved. The token is stored, so a restarted process picks up
 * where it stopped; when the token is too old for the oplog, it starts from now and says so (the
 * executor's start-up claim and lease recovery cover what was missed; subscribers reconnect to
 * live data).
 */
import type { ChangeStream, ChangeStreamDocument, Collection, Db, Document, ResumeToken } from 'mongodb';
import { MongoServerError } from 'mongodb';
import type { ChangeFeed } from '../change-feed.js';
import type { ChangeEvent } from '../../domain/change-event.js';
import type { LogSink } from '../../domain/log-sink.js';
import { CHANGE_STREAM_OPTIONS, changeStreamPipeline, toChangeEvent } from './change-stream.js';
import { Fragments, SPLIT_STAGE } from './change-fragments.js';

/** The stored token can no longer be resumed from (the oplog moved past it). */
export function isHistoryLost(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  return error.code === 286 || error.code === 280 || error.hasErrorLabel('NonResumableChangeStreamError');
}

export interface ResumeTokenDoc {
  _id: string;
  token: ResumeToken;
  savedAt: number;
}

/**
 * The server could not find an update's post-image under `fullDocument: 'required'`
 * (NoMatchingDocument, 47; the message names the post-image).
 */
export function isMissingImage(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  return error.code === 47 || /post-image/i.test(error.message);
}

/** Whether two resume tokens are the same (they are `{ _data: string }` documents). */
export function sameToken(a: ResumeToken | undefined, b: ResumeToken | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * When a stream is really open: the driver forwards only `change`, `resumeTokenChanged`, `end`,
 * `close` and `error` from its cursor; `init` stays on the cursor. The first batch's resume token
 * (or its first change) says the server has the stream; an error or an end says it failed.
 */
export function whenOpen(stream: Pick<ChangeStream, 'once' | 'off'>, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (error?: unknown) => {
      clearTimeout(timer);
      stream.off('resumeTokenChanged', opened);
      stream.off('change', opened);
      stream.off('error', failed);
      stream.off('close', ended);
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const opened = () => done();
    const failed = (error: unknown) => done(error ?? new Error('the change stream failed'));
    const ended = () => done(new Error('the change stream closed before it opened'));
    const timer = setTimeout(() => done(new Error(`the change stream did not open within ${timeoutMs / 1000} s`)), timeoutMs);
    stream.once('resumeTokenChanged', opened);
    stream.once('change', opened);
    stream.once('error', failed);
    stream.once('close', ended);
  });
}

export interface ChangeStreamFeedOptions {
  /** Whether the server splits events over 16 MiB into fragments (change-fragments.ts). */
  splitLargeEvents?: boolean;
  saveEveryMs?: number;
  openTimeoutMs?: number;
  /** How long after its cursor closed a stream must still be closed to be reopened; longer than the
   * driver's server selection timeout, so a resume waiting for a new primary is not doubled. */
  endedCheckMs?: number;
}

export class ChangeStreamFeed {
  #stream: ChangeStream | undefined;
  readonly #fragments = new Fragments();
  #latest: ResumeToken | undefined;
  #saved: ResumeToken | undefined;
  #saveTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #reopening = false;
  /** The next stream takes post-images where available instead of requiring them (see #onError). */
  #relaxOnce = false;

  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
    private readonly tokens: Collection<ResumeTokenDoc>,
    /** Whose token this is: one per process name. */
    private readonly name: string,
    private readonly logger: LogSink,
    private readonly options: ChangeStreamFeedOptions = {},
  ) {}

  get #saveEveryMs(): number {
    return this.options.saveEveryMs ?? 1000;
  }

  async start(): Promise<void> {
    const stored = await this.tokens.findOne({ _id: this.#tokenId });
    this.#saved = stored?.token;
    try {
      await this.#open(stored?.token);
    } catch (error) {
      this.#stopped = true; // the store does not open: no reopening in the background either
      await this.#retire();
      throw error;
    }
    this.#saveTimer = setInterval(() => void this.#save(), this.#saveEveryMs);
    this.#saveTimer.unref();
  }

  get #tokenId(): string {
    return `resume:${this.name}`;
  }

  async #open(resumeAfter: ResumeToken | undefined): Promise<void> {
    const relaxed = this.#relaxOnce;
    this.#relaxOnce = false;
    const pipeline = this.options.splitLargeEvents ? [...changeStreamPipeline(), SPLIT_STAGE] : changeStreamPipeline();
    // A new stream replays from the last whole event: a half-received one starts again.
    this.#fragments.reset();
    const stream = this.db.watch(pipeline, {
      ...CHANGE_STREAM_OPTIONS,
      ...(relaxed && { fullDocument: 'whenAvailable' as const }),
      ...(resumeAfter !== undefined && { startAfter: resumeAfter }),
    });
    this.#stream = stream;
    // Only the current stream's events count: a replaced stream that fails or ends late must not
    // open a second replacement (each would then deliver every event).
    const current = () => stream === this.#stream && !this.#stopped;
    // Until the stream is open, its failure is the opener's to handle (whenOpen below).
    let opened = false;
    stream.on('change', (fragment: ChangeStreamDocument) => {
      if (!current()) return;
      let event: ChangeEvent | undefined;
      try {
        const change = this.#fragments.add(fragment as Document);
        if (!change) return; // more fragments to come; the token stays at the last whole event
        this.#latest = change._id;
        event = toChangeEvent(change);
      } catch (error) {
        this.#latest = fragment._id;
        this.logger.error({ err: error }, 'a change could not be announced');
        return;
      }
      if (event) this.feed.emit(event);
    });
    stream.on('resumeTokenChanged', (token: ResumeToken) => {
      // The driver announces a change's token just before the change itself: taken after it, so a
      // token in the middle of a split event is never kept (resuming there would lose the event).
      queueMicrotask(() => {
        if (current() && !this.#fragments.pending) this.#latest = token;
      });
    });
    stream.on('error', (error: unknown) => {
      if (opened && current()) void this.#onError(error);
    });
    // The cursor can end without an error (after an invalidate, or a getMore the server
    // interrupted): nothing else would reopen it, and this process would stop seeing other
    // processes' writes. Reopen from the last token while the store is open. The driver's own
    // resume after a resumable error also closes the old cursor and opens a new one once a server
    // is selected (up to the selection timeout): a stream with a live cursor again by then needs
    // nothing, and one whose resume failed reports an error (#onError).
    const ended = () => {
      setTimeout(() => {
        if (opened && current() && stream.closed) void this.#reopen('the change stream ended', this.#latest);
      }, this.options.endedCheckMs ?? 12_000).unref();
    };
    stream.on('close', ended);
    stream.on('end', ended);
    try {
      await whenOpen(stream, this.options.openTimeoutMs ?? 30_000);
      opened = true;
    } catch (error) {
      if (resumeAfter !== undefined && isHistoryLost(error)) return this.#onError(error); // reopens from now
      throw error;
    }
  }

  /** Closes the current stream without reopening it (its listeners see it is no longer current). */
  async #retire(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    await stream?.close().catch(() => undefined);
  }

  async #onError(error: unknown): Promise<void> {
    if (this.#stopped) return;
    if (isHistoryLost(error)) {
      await this.#retire();
      this.logger.warn('the stored change-stream resume token is too old: re-reading from now (jobs are re-checked, not replayed)');
      await this.tokens.deleteOne({ _id: this.#tokenId }).catch(() => undefined);
      this.#latest = undefined;
      this.#saved = undefined;
      await this.#open(undefined).catch((e) => this.logger.error({ err: e }, 'reopening the change stream failed'));
      return;
    }
    if (isMissingImage(error)) {
      // An event whose post-image is gone (written before images were enabled, or images removed
      // by hand): reopening with 'required' would fail on it again, every second, forever. One
      // stream takes images where they exist; the event without one is reported and skipped.
      this.logger.error({ err: error }, 'a change came without its post-image; reopening once without requiring post-images');
      this.#relaxOnce = true;
    } else {
      this.logger.error({ err: error }, 'the change stream failed; reopening in 1 s');
    }
    await this.#reopen(undefined, this.#latest);
  }

  /** Closes the current stream and opens another from `from` after a second, until one opens. */
  async #reopen(why: string | undefined, from: ResumeToken | undefined): Promise<void> {
    if (this.#reopening || this.#stopped) return;
    this.#reopening = true;
    if (why) this.logger.warn(`${why}; reopening in 1 s`);
    await this.#retire();
    try {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
        if (this.#stopped) return;
        try {
          await this.#open(this.#latest ?? from);
          return;
        } catch (error) {
          // A failure once open reaches #onError through the stream's own listener.
          this.logger.error({ err: error }, 'reopening the change stream failed; trying again in 1 s');
          await this.#retire();
          if (isHistoryLost(error)) return void this.#onError(error);
        }
      }
    } finally {
      this.#reopening = false;
    }
  }

  /** Stores the latest token, only when it moved since the last save. */
  async #save(): Promise<void> {
    const token = this.#latest;
    if (token === undefined || sameToken(token, this.#saved)) return;
    await this.tokens
      .updateOne({ _id: this.#tokenId }, { $set: { token, savedAt: Date.now() } }, { upsert: true })
      .then(() => void (this.#saved = token))
      .catch((error) => this.logger.warn({ err: error }, 'saving the change-stream resume token failed'));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#saveTimer);
    await this.#save();
    const stream = this.#stream;
    this.#stream = undefined;
    await stream?.close();
  }
}
