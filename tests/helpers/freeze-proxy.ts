/**
 * A TCP proxy in front of a server (Postgres, Redis) that the test can freeze: while frozen,
 * bytes in either direction are held and new connections wait, exactly what a client sees of a
 * hung server (the connection stays open, nothing is answered, nothing errors). Thawing passes
 * on everything held, in order. The shared servers of the machine are never stopped.
 */
import { createConnection, createServer, type Socket } from "node:net";

export interface FreezeProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezeProxy(target: { host: string; port: number }): Promise<FreezeProxy> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const flushers = new Set<() => void>();
  let pendingOpens: (() => void)[] = [];

  /** Forwards `from` → `to`, holding chunks while frozen. */
  const relay = (from: Socket, to: Socket) => {
    const held: Buffer[] = [];
    from.on("data", (chunk: Buffer) => {
      if (frozen || held.length > 0) held.push(chunk);
      else to.write(chunk);
    });
    const flush = () => {
      for (const chunk of held.splice(0)) to.write(chunk);
    };
    flushers.add(flush);
    from.on("close", () => flushers.delete(flush));
  };

  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    const open = () => {
      const upstream = createConnection(target);
      sockets.add(upstream);
      upstream.on("close", () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on("error", () => upstream.destroy());
      client.on("close", () => upstream.destroy());
      relay(client, upstream);
      relay(upstream, client);
    };
    if (frozen) pendingOpens.push(open);
    else open();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    urlFor(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    freeze: () => void (frozen = true),
    thaw() {
      frozen = false;
      // Flushing keeps each relay's own order; new connections open after held bytes moved.
      for (const flush of [...flushers]) flush();
      const opens = pendingOpens;
      pendingOpens = [];
      for (const open of opens) open();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
