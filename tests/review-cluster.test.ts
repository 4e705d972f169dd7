/**
 * Review across two server processes (Postgres + Redis): a comment made on one process reaches
 * the desk on the other, a mention reaches every tab of the person mentioned wherever it is
 * connected, reading in one tab clears the others, and email goes out batched — one email per
 * person per window, never one per comment and never twice although both processes send mail —
 * to a real local SMTP server, and only to people who want it.
 */
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeskStore } from "../server/store/types";
import { connectEditor, createCard, sleep, type Editor } from "./helpers/collab";
import { startServerProcess, uniquePrefix, type ServerProcess } from "./helpers/cluster";
import { createTestDatabase, openSeededStore, type TestDatabase } from "./helpers/databases";
import { emitAck, nextEvent, okData, SEED_SLUG, type Person } from "./helpers/server";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const ALICE: Person = { name: "Ana Cluster", clientId: "client-ana-cl-01" };
const BEN: Person = { name: "Ben Cluster", clientId: "client-ben-cl-01" };
const BEN_TAB2: Person = { name: "Ben Cluster", clientId: "client-ben-cl-02" };
const DORA: Person = { name: "Dora Cluster", clientId: "client-dora-cl-1" };

interface Received {
  to: string;
  subject: string;
  text: string;
}

/** Subject and text of a raw message as nodemailer writes it (plain text, maybe quoted-printable). */
function parseMail(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const subject = /^Subject: (.*)$/im.exec(head)?.[1] ?? "";
  let text = rest.join("\n\n");
  if (/quoted-printable/i.test(head)) text = text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return { subject, text };
}

/** A real SMTP server on a free port that keeps what it receives. */
async function startSmtp(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, done) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), ...parseMail(raw) });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("review across two processes on Postgres + Redis", () => {
  let database: TestDatabase;
  let store: DeskStore;
  let one: ServerProcess;
  let two: ServerProcess;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const editors: Editor[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    store = await openSeededStore(database);
    smtp = await startSmtp();
    const options = {
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      keyPrefix: uniquePrefix(),
      env: { SMTP_URL: smtp.url, EMAIL_BATCH_MS: "1500", MAIL_FROM: "Newsdesk <desk@test.local>" },
    };
    [one, two] = await Promise.all([startServerProcess(options), startServerProcess(options)]);
  }, 120_000);

  afterAll(async () => {
    for (const e of editors) e.socket.disconnect();
    await Promise.all([one?.kill("SIGTERM"), two?.kill("SIGTERM")]);
    await smtp?.close();
    await store?.close();
    await database?.drop();
  });

  const join = async (url: string, person: Person) => {
    const editor = await connectEditor(url, person, { store, slug: SEED_SLUG });
    editors.push(editor);
    return editor;
  };

  it("threads, mentions and read marks cross processes; email is batched per person", async () => {
    const ana = await join(one.url, ALICE);
    const benHere = await join(one.url, BEN);
    const benThere = await join(two.url, BEN_TAB2);
    const dora = await join(two.url, DORA);
    const storyId = (await store.findStoryBySlug(SEED_SLUG))!.id;
    const cardId = (await createCard(store, storyId, "Petro met Trump.")).id;
    const benId = (await store.users.findByEmail("ben-cluster.editor@test.local"))!.id;
    const doraId = (await store.users.findByEmail("dora-cluster.editor@test.local"))!.id;
    okData(await emitAck(dora.socket, "notifications:email", { email: false }));

    const onTwo = nextEvent(dora.socket, "review:thread");
    const tabs = [nextEvent(benHere.socket, "notification:new"), nextEvent(benThere.socket, "notification:new")];
    const first = okData(await emitAck(ana.socket, "thread:create", { cardId, body: "@Ben is this confirmed?", mentions: [benId, doraId] }));
    expect((await onTwo).id).toBe(first.id);
    for (const heard of await Promise.all(tabs)) expect(heard).toMatchObject({ unread: 1, notification: { threadId: first.id, kind: "mention" } });

    // A second mention within the batch window: still one email.
    okData(await emitAck(ana.socket, "comment:reply", { threadId: first.id, body: "@Ben and the date?", mentions: [benId] }));
    const cleared = nextEvent(benThere.socket, "notification:read", (r) => r.unread === 0);
    okData(await emitAck(benHere.socket, "notifications:read", { ids: "all" }));
    expect((await cleared).unread).toBe(0);

    await expect.poll(() => smtp.received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await sleep(3_500); // two more windows on both processes: nothing else may arrive
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.to).toBe("ben-cluster.editor@test.local");
    expect(mail.subject).toBe("2 new notifications on Newsdesk");
    expect(mail.text).toContain("Ana Cluster mentioned you");
    expect(mail.text).toContain(`thread=${first.id}`);
  });
});
