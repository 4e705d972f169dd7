/**
 * A program in a process of its own (a server, a racing store, a Redis of the suite's own), written
 * once for the tests and the benchmarks (no vitest here). The program says it is ready by printing
 * a line (`READY <port>` for the servers in tests/helpers/*-process.ts); `startChildProcess`
 * resolves once it has.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";

/** A TCP port free on loopback right now (for a server child process told its PORT). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface ChildProcessHandle {
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Everything it printed on stdout and stderr (for failure messages). */
  output(): string;
  /** Resolves with the next stdout line (from now on) that `match` accepts; rejects if it exits first. */
  nextLine(match: (line: string) => boolean): Promise<string>;
  /** Kills it (SIGKILL unless told otherwise) if it still runs; resolves with its exit code. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ChildProcessOptions {
  /** Names it in errors. */
  name: string;
  /** The whole environment of the child (process.env unless given; spread it yourself to add). */
  env?: NodeJS.ProcessEnv;
  /** Accepts the stdout line that says it is ready. */
  ready: (line: string) => boolean;
  /** How long it may take to get ready (ms). */
  readyTimeoutMs: number;
  /** A pipe to write to (child.stdin), or nothing. */
  stdin?: "pipe" | "ignore";
}

/** The command line of a TypeScript script run by Node through tsx. */
export const tsxCommand = (script: string, ...args: string[]): string[] => [process.execPath, "--import", "tsx", script, ...args];

/**
 * Starts `command` ([program, ...args]) and resolves once it printed a line `ready` accepts;
 * rejects (and kills it) if it exits or takes longer than `readyTimeoutMs` first.
 */
export async function startChildProcess(command: string[], options: ChildProcessOptions): Promise<ChildProcessHandle> {
  const [program, ...args] = command;
  const child = spawn(program, args, {
    env: options.env ?? process.env,
    stdio: [options.stdin ?? "ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let output = "";
  child.on("error", (err) => (output += `${err.message}\n`)); // e.g. no such program: stdout ends, ready rejects
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => (output += `${line}\n`));
  // stdout ends after the process exits and its last lines are read ("exit" may come before them).
  const stdoutEnded = new Promise<void>((resolve) => lines.once("close", resolve));
  const { name } = options;

  const nextLine = (match: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const onLine = (line: string) => {
        if (!match(line)) return;
        lines.off("line", onLine);
        resolve(line);
      };
      lines.on("line", onLine);
      void stdoutEnded.then(() => {
        lines.off("line", onLine);
        reject(new Error(`${name} exited before printing the line awaited:\n${output}`));
      });
    });

  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} not ready after ${options.readyTimeoutMs / 1000} s:\n${output}`)), options.readyTimeoutMs);
  });
  try {
    await Promise.race([nextLine(options.ready), tooSlow]);
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    throw err;
  } finally {
    clearTimeout(timer);
  }

  return {
    child,
    exited,
    output: () => output,
    nextLine,
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
