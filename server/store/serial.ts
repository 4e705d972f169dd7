/**
 * SQLite runs on ONE better-sqlite3 connection. The adapter queues interactive transactions,
 * but a plain query issued while another request's transaction is open runs INSIDE it: if that
 * transaction rolls back, an edit already acknowledged to its editor is silently undone, and
 * reads see uncommitted rows. So on SQLite every store operation runs one at a time, through
 * one queue shared by all the stores of a connection.
 */

export type Enqueue = <T>(op: () => Promise<T>) => Promise<T>;

/**
 * Runs async operations one after another, in call order; a failure does not block the queue.
 * `queued` counts the operations put in so far (./paced-appends.ts joins only the last one).
 */
export function serialQueue(): Enqueue & { readonly queued: number } {
  let tail: Promise<unknown> = Promise.resolve();
  let queued = 0;
  const enqueue: Enqueue = (op) => {
    queued += 1;
    const result = tail.then(op, op);
    tail = result.catch(() => undefined);
    return result;
  };
  return Object.defineProperty(enqueue, "queued", { get: () => queued }) as Enqueue & { readonly queued: number };
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
