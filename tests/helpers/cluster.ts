/**
 * Several real server processes on one Postgres database and one Redis (tests/helpers/
 * scale-server-process.ts), a load balancer in front of them (a TCP proxy that sends each new
 * connection to the first process that accepts it, as a balancer does after a health check
 * fails), and a Redis server of the suite's own that it can stop and start again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { fileURLToPath } from "node:url";

const SERVER_SCRIPT = fileURLToPath(new URL("./scale-server-process.ts", import.meta.url));

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A Redis key prefix of its own, so suites sharing the machine's Redis never hear each other. */
export const uniquePrefix = () => `newsdesk-test-${randomBytes(4).toString("hex")}`;

export interface ServerProcess {
  port: number;
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it printed (for failure messages). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServerProcess(opts: {
  databaseUrl: string;
  redisUrl?: string;
  keyPrefix: string;
  catchUpMs?: number;
  compactEvery?: number;
  /** How often (ms) processes count and exchange their readers (AUDIENCE_REPORT_MS). */
  audienceMs?: number;
  /** More environment for the process (e.g. SMTP_URL). */
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", SERVER_SCRIPT, String(opts.compactEvery ?? "")], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: process.env.SCALE_LOG_LEVEL ?? "warn",
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: opts.redisUrl ?? "",
      REDIS_KEY_PREFIX: opts.keyPrefix,
      COLLAB_CATCH_UP_MS: String(opts.catchUpMs ?? 1_000),
      AUDIENCE_REPORT_MS: String(opts.audienceMs ?? 5_000),
      PORT: String(port),
      HOST: "127.0.0.1",
      SEED: "true",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready after 60 s:\n${output}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`READY ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before it was ready:\n${output}`));
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    exited,
    output: () => output,
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/** A TCP proxy: each new connection goes to the first of `ports` that accepts it. */
export async function startBalancer(ports: number[]): Promise<Balancer> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.pause();
    const tryPort = (i: number) => {
      if (i >= ports.length) return client.destroy();
      const upstream = createConnection({ port: ports[i], host: "127.0.0.1" });
      upstream.once("error", () => {
        upstream.destroy();
        if (!client.destroyed && upstream.bytesWritten === 0) tryPort(i + 1);
        else client.destroy();
      });
      upstream.once("connect", () => {
        upstream.removeAllListeners("error");
        open.add(upstream);
        upstream.on("close", () => open.delete(upstream));
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        upstream.on("error", drop);
        client.on("error", drop);
        upstream.on("close", drop);
        client.on("close", drop);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryPort(0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const s of open) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP: connections stay open and nothing is answered — a hung Redis, not a dead one. */
  pause(): void;
  /** SIGCONT: it answers everything that waited. */
  resume(): void;
}

/** A redis-server of the suite's own on a free port (the machine's shared Redis is never stopped). */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server not ready:\n${output}`)), 10_000);
      proc.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once("exit", () => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited:\n${output}`));
      });
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    pause: () => void child?.kill("SIGSTOP"),
    resume: () => void child?.kill("SIGCONT"),
    async stop() {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once("exit", () => resolve());
        proc.kill("SIGKILL");
        proc.kill("SIGCONT"); // a paused process dies only once it runs again
      });
    },
  };
}
