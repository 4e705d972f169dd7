/**
 * The browser's end of the card-text WebSocket (lib/protocol/collab-frames.ts): one per desk
 * connection, carrying every card the tab has open. It opens once the desk socket has joined its
 * story (`start()`, called after each successful join) and closes with the desk socket; in
 * between, a dropped channel is opened again after a short delay.
 *
 * It turns frames into the requests CardTextProvider makes: `open` resolves with the server's
 * OPENED answer or its ERROR; `sync` numbers the update and resolves once the server reports it
 * stored (STORED covers every update up to a number, so one frame answers a whole batch) or
 * refused. Works in browsers and in Node (tests, benchmarks: pass `createSocket` from `ws`).
 */
import {
  COLLAB_PATH,
  decodeServerFrame,
  encodeClientFrame,
  FRAME,
  type ServerFrame,
} from "../protocol/collab-frames";
import type { CollabOpened } from "../protocol/collab";
import { PROTOCOL_VERSION, type Ack } from "../protocol/events";

/** What the channel needs of a WebSocket (the browser's, or `ws` in Node). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

/** What the channel needs of the desk's Socket.IO connection. */
export interface DeskConnection {
  readonly id?: string;
  readonly connected: boolean;
  on(event: "disconnect", listener: () => void): unknown;
  off(event: "disconnect", listener: () => void): unknown;
}

export interface ChannelOptions {
  /** The desk's origin, e.g. `https://desk.example.org` (the page's own in browsers). */
  baseUrl: string;
  createSocket?: (url: string) => WebSocketLike;
  /** How long an open or update may wait for its answer. */
  answerTimeoutMs?: number;
  retryDelayMs?: number;
}

export interface CardListener {
  sync(message: Uint8Array): void;
  awareness(message: Uint8Array): void;
}

type Waiting<T> = { resolve: (ack: Ack<T>) => void; since: number };

const OPEN = 1;
const lost = { ok: false as const, error: { code: "INTERNAL" as const, message: "The connection to the server was lost" } };
const late = { ok: false as const, error: { code: "INTERNAL" as const, message: "The server did not confirm in time" } };

export class CollabChannel {
  connected = false;
  private ws: WebSocketLike | null = null;
  /** The desk connection `ws` belongs to. */
  private wsFor: string | undefined;
  private started = false;
  private destroyed = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private sweepTimer: ReturnType<typeof setInterval> | undefined;
  private readonly opts: Required<ChannelOptions>;
  private readonly connectListeners = new Set<() => void>();
  private readonly disconnectListeners = new Set<() => void>();
  private readonly cards = new Map<string, Set<CardListener>>();
  private readonly opens = new Map<string, Waiting<CollabOpened>[]>();
  /** Per card: updates waiting for STORED or ERROR, by seq (in send order). */
  private readonly updates = new Map<string, Map<number, Waiting<{ stored: boolean }>>>();
  private readonly seqs = new Map<string, number>();

  constructor(
    private readonly desk: DeskConnection,
    options: ChannelOptions,
  ) {
    this.opts = {
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      answerTimeoutMs: 10_000,
      retryDelayMs: 1_000,
      ...options,
    };
    desk.on("disconnect", this.stop);
  }

  /**
   * The desk socket (re)joined its story: open the channel for it, replacing one of an older desk
   * connection. Nothing to do when it is already open (or opening) for this desk connection.
   */
  start(): void {
    if (this.destroyed || !this.desk.connected || !this.desk.id) return;
    if (this.ws && this.wsFor === this.desk.id) return;
    this.started = true;
    clearTimeout(this.retryTimer);
    const old = this.ws;
    this.ws = null;
    if (old) {
      old.onclose = null;
      old.close();
      this.dropped();
    }
    const url = new URL(COLLAB_PATH, this.opts.baseUrl);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("sid", this.desk.id);
    url.searchParams.set("protocol", String(PROTOCOL_VERSION));
    const ws = this.opts.createSocket(url.toString());
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    this.wsFor = this.desk.id;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.connected = true;
      for (const listener of this.connectListeners) listener();
    };
    ws.onmessage = (ev) => {
      if (this.ws === ws) this.receive(ev.data);
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.dropped();
      // Dropped while the desk is still connected (a restart, a network blip): try again soon.
      if (this.started && this.desk.connected && !this.destroyed) {
        this.retryTimer = setTimeout(() => this.start(), this.opts.retryDelayMs);
      }
    };
  }

  onConnect(listener: () => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  onDisconnect(listener: () => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  /** Receives the card's changes and cursors from the others. */
  listen(cardId: string, listener: CardListener): () => void {
    let set = this.cards.get(cardId);
    if (!set) this.cards.set(cardId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.cards.get(cardId) === set) this.cards.delete(cardId);
    };
  }

  /** Sync step 1 → the server's step 2, step 1 and the others' cursors. */
  open(cardId: string, syncStep1: Uint8Array): Promise<Ack<CollabOpened>> {
    return new Promise((resolve) => {
      if (!this.send(encodeClientFrame({ kind: FRAME.OPEN, cardId, message: syncStep1 }))) return resolve(lost);
      const list = this.opens.get(cardId) ?? [];
      list.push({ resolve, since: Date.now() });
      this.opens.set(cardId, list);
      this.sweepSoon();
    });
  }

  /** A sync step 2 or update message; resolves once stored (or refused). */
  sync(cardId: string, message: Uint8Array): Promise<Ack<{ stored: boolean }>> {
    return new Promise((resolve) => {
      const seq = (this.seqs.get(cardId) ?? 0) + 1;
      if (!this.send(encodeClientFrame({ kind: FRAME.UPDATE, cardId, seq, message }))) return resolve(lost);
      this.seqs.set(cardId, seq);
      let waiting = this.updates.get(cardId);
      if (!waiting) this.updates.set(cardId, (waiting = new Map()));
      waiting.set(seq, { resolve, since: Date.now() });
      this.sweepSoon();
    });
  }

  awareness(cardId: string, message: Uint8Array): void {
    this.send(encodeClientFrame({ kind: FRAME.AWARENESS, cardId, message }));
  }

  close(cardId: string): void {
    this.send(encodeClientFrame({ kind: FRAME.CLOSE, cardId }));
  }

  destroy(): void {
    this.destroyed = true;
    this.desk.off("disconnect", this.stop);
    this.stop();
    this.connectListeners.clear();
    this.disconnectListeners.clear();
  }

  /** The desk socket disconnected: the channel goes with it until the next join. */
  private stop = (): void => {
    this.started = false;
    clearTimeout(this.retryTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.close();
      this.dropped();
    }
  };

  private send(frame: Uint8Array): boolean {
    if (!this.ws || this.ws.readyState !== OPEN) return false;
    this.ws.send(frame);
    return true;
  }

  private dropped(): void {
    for (const list of this.opens.values()) for (const w of list) w.resolve(lost);
    for (const waiting of this.updates.values()) for (const w of waiting.values()) w.resolve(lost);
    this.opens.clear();
    this.updates.clear();
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    if (!this.connected) return;
    this.connected = false;
    for (const listener of this.disconnectListeners) listener();
  }

  private receive(data: unknown): void {
    let frame: ServerFrame;
    try {
      if (!(data instanceof ArrayBuffer) && !(data instanceof Uint8Array)) return;
      frame = decodeServerFrame(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
    } catch {
      return; // nothing a client can do about an unreadable frame; its card will resync on error
    }
    const { cardId } = frame;
    switch (frame.kind) {
      case FRAME.OPENED: {
        const { syncStep2, syncStep1, awareness } = frame;
        this.opens.get(cardId)?.shift()?.resolve({ ok: true, data: { syncStep2, syncStep1, awareness } });
        return;
      }
      case FRAME.SYNC:
        for (const l of this.cards.get(cardId) ?? []) l.sync(frame.message);
        return;
      case FRAME.AWARENESS:
        for (const l of this.cards.get(cardId) ?? []) l.awareness(frame.message);
        return;
      case FRAME.STORED: {
        const waiting = this.updates.get(cardId);
        if (!waiting) return;
        for (const [seq, w] of waiting) {
          if (seq > frame.seq) break;
          waiting.delete(seq);
          w.resolve({ ok: true, data: { stored: true } });
        }
        return;
      }
      case FRAME.ERROR: {
        const failed = { ok: false as const, error: frame.error };
        if (frame.seq === 0) return this.opens.get(cardId)?.shift()?.resolve(failed);
        const waiting = this.updates.get(cardId);
        waiting?.get(frame.seq)?.resolve(failed);
        waiting?.delete(frame.seq);
        return;
      }
    }
  }

  /** One timer for every request: answers those that waited too long with a time-out. */
  private sweepSoon(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => {
      const cutoff = Date.now() - this.opts.answerTimeoutMs;
      let waitingAny = false;
      for (const list of this.opens.values()) {
        while (list[0] && list[0].since < cutoff) list.shift()!.resolve(late);
        waitingAny ||= list.length > 0;
      }
      for (const waiting of this.updates.values()) {
        for (const [seq, w] of waiting) {
          if (w.since >= cutoff) break;
          waiting.delete(seq);
          w.resolve(late);
        }
        waitingAny ||= waiting.size > 0;
      }
      if (!waitingAny) {
        clearInterval(this.sweepTimer);
        this.sweepTimer = undefined;
      }
    }, Math.min(1_000, this.opts.answerTimeoutMs));
  }
}
