/**
 * SQLite runs on ONE better-sqlite3 connection. The adapter queues interactive transactions,
 * but a plain query issued while another request's transaction is open runs INSIDE it: if that
 * transaction rolls back, an edit already acknowledged to its editor is silently undone, and
 * reads see uncommitted rows. So on SQLite every store operation runs one at a time, through
 * one queue shared by all the stores of a connection.
 */

export type Enqueue = <T>(op: () => Promise<T>) => Promise<T>;

/** A queue that counts what was put in it and tells who waits for the next entry. */
export type CountingQueue = Enqueue & {
  readonly queued: number;
  /** Resolves when the next operation is put in the queue. */
  nextQueued(): Promise<void>;
};

/**
 * Runs async operations one after another, in call order; a failure does not block the queue.
 * It counts what was put in (./paced-commits.ts joins only the last entry, and stops gathering
 * once another is queued behind it).
 */
export function serialQueue(): CountingQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let queued = 0;
  let waiting: (() => void)[] = [];
  const enqueue: Enqueue = (op) => {
    queued += 1;
    const result = tail.then(op, op);
    tail = result.catch(() => undefined);
    if (waiting.length > 0) {
      const wake = waiting;
      waiting = [];
      for (const resolve of wake) resolve();
    }
    return result;
  };
  // A getter (Object.assign would copy today's count, not the count).
  return Object.defineProperties(enqueue, {
    queued: { get: () => queued },
    nextQueued: { value: () => new Promise<void>((resolve) => waiting.push(resolve)) },
  }) as CountingQueue;
}

/** The same object with every method queued (methods must not call one another: that would deadlock). */
export function serialised<T extends object>(store: T, enqueue: Enqueue): T {
  const wrapped = { ...store };
  for (const key of Object.keys(store) as (keyof T)[]) {
    const method = store[key];
    if (typeof method === "function") {
      (wrapped as Record<keyof T, unknown>)[key] = (...args: unknown[]) =>
        enqueue(() => (method as (...a: unknown[]) => Promise<unknown>)(...args));
    }
  }
  return wrapped;
}
