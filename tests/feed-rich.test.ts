/**
 * Rich live posts end to end, on SQLite and Postgres: headlines, co-bylines, quotes, social
 * embeds and plain links, photos; and scheduled posts — hidden from readers until due, published
 * exactly once by whichever process claims them (two stores racing on one database), also after
 * a restart in between.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { GET as atomFeed } from "../app/live/[slug]/atom.xml/route";
import type { LiveUpdate } from "../lib/protocol/feed";
import { storePhoto } from "../server/domain/photos";
import { liveSnapshot } from "../server/domain/feed";
import { publishDue, startScheduler, type ScheduledPublication } from "../server/domain/scheduled";
import { openStore } from "../server/db/open-store";
import { localMediaStorage } from "../server/media/storage";
import { publishServices } from "../server/services";
import { startChildProcess, tsxCommand } from "./helpers/child-process";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { nextLive, recordLive, useReaders } from "./helpers/live";
import { ackError, emitAck, emitRaw, nextEvent, okData, SEED_SLUG } from "./helpers/server";

const mediaDir = mkdtempSync(join(tmpdir(), "newsdesk-media-"));
const media = localMediaStorage(mediaDir);
afterAll(() => rmSync(mediaDir, { recursive: true, force: true }));

/** Starts two publish-due processes, lets them go together, and returns the ids each won. */
async function racingProcesses(url: string, at: Date): Promise<number[][]> {
  const children = await Promise.all(
    [0, 1].map((i) =>
      startChildProcess(tsxCommand("tests/helpers/publish-due-process.ts", at.toISOString()), {
        name: `publish-due process ${i}`,
        env: { ...process.env, DATABASE_URL: url },
        stdin: "pipe",
        ready: (line) => line === "READY",
        readyTimeoutMs: 60_000,
      }),
    ),
  );
  const won = children.map((c) => c.nextLine((l) => l.startsWith("WON ")).then((l) => JSON.parse(l.slice(4)) as number[]));
  for (const { child } of children) child.stdin!.write("go\n");
  return Promise.all(won);
}

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe.each(PROVIDERS)("rich live posts (%s)", (provider) => {
  const ctx = useDesk(provider, { media });
  const readers = useReaders(() => ctx.desk);
  const post = async (payload: Record<string, unknown>) => okData(await emitAck(ctx.alice, "feed:post", { body: "<p>Text</p>", ...payload } as never)) as LiveUpdate;

  it("a headline, co-bylines and a quote reach readers, the snapshot, Atom and the structured data", async () => {
    const { reader } = await readers.reader();
    const seen = nextLive(reader, "live:update", (u) => u.headline === "Petro leaves the White House");
    const update = await post({
      body: "<blockquote><p>It was a frank meeting.</p><p>— Gustavo Petro</p></blockquote>",
      headline: "  Petro leaves the White House  ",
      coAuthors: ["Bea", "Carla", "Bea"],
      keyEvent: true,
    });
    expect(update).toMatchObject({ headline: "Petro leaves the White House", coAuthors: ["Bea", "Carla"], keyEvent: true, scheduledFor: null });
    expect(update.bodyHtml).toBe("<blockquote><p>It was a frank meeting.</p><p>— Gustavo Petro</p></blockquote>");
    expect(await seen).toEqual(update);
    const snapshot = (await liveSnapshot(ctx.store, SEED_SLUG))!;
    expect(snapshot.keyEvents[0]).toEqual(update);
    publishServices(ctx.desk.services);
    const atom = await (await atomFeed(new Request(`http://desk.test/live/${SEED_SLUG}/atom.xml`), { params: Promise.resolve({ slug: SEED_SLUG }) })).text();
    expect(atom).toContain("<title>Petro leaves the White House</title>");
    expect(atom).toContain("<author><name>Carla</name></author>");
  });

  it("a YouTube address becomes an embed; another site a plain link; javascript: and data: are refused", async () => {
    const yt = await post({ embedUrl: "https://youtu.be/dQw4w9WgXcQ?t=42" });
    expect(yt.embedUrl).toBe("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    expect(yt.bodyHtml).toBe("<p>Text</p>");

    const other = await post({ embedUrl: "https://example.org/report?a=1&b=<2>" });
    expect(other.embedUrl).toBeNull();
    expect(other.bodyHtml).toContain('<a href="https://example.org/report?a=1&amp;b=%3C2%3E"');

    for (const bad of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "not a url"]) {
      const error = ackError(await emitAck(ctx.alice, "feed:post", { body: "<p>x</p>", embedUrl: bad }), "VALIDATION_FAILED");
      expect(error.message).toMatch(/^embedUrl: /);
    }
  });

  it("a photo is attached by its key with alt text; without alt text or with an unknown key it is refused", async () => {
    const file = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#345" } }).jpeg().toBuffer();
    const stored = await storePhoto(media, file);
    const update = await post({ photo: { key: stored.key, alt: "Petro and Trump shake hands", credit: "Photo: Desk" } });
    expect(update.photo).toEqual({ key: stored.key, width: 900, height: 600, alt: "Petro and Trump shake hands", caption: null, credit: "Photo: Desk" });

    expect(ackError(await emitRaw(ctx.alice, "feed:post", { body: "<p>x</p>", photo: { key: stored.key, alt: "  " } }), "VALIDATION_FAILED").message).toMatch(/alt text/);
    expect(ackError(await emitAck(ctx.alice, "feed:post", { body: "<p>x</p>", photo: { key: "f".repeat(32), alt: "A" } }), "VALIDATION_FAILED").message).toMatch(/Unknown photo/);
    expect(ackError(await emitRaw(ctx.alice, "feed:post", { body: "<p>x</p>", photo: { key: "../../etc/passwd", alt: "A" } }), "VALIDATION_FAILED").message).toMatch(/Unknown photo/);
  });

  it("a scheduled post stays on the desk only, then is published once, as a new update, when due", async () => {
    const { reader } = await readers.reader();
    const heard = recordLive(reader);
    const deskSeesPublished = nextEvent(ctx.bea, "feed:posted", (u) => u.headline === "At the hour" && u.scheduledFor === null);
    const scheduled = await post({ headline: "At the hour", scheduleAt: inSeconds(1.5) });
    expect(scheduled.scheduledFor).not.toBeNull();
    // Hidden from readers everywhere while it waits.
    const before = (await liveSnapshot(ctx.store, SEED_SLUG))!;
    expect(before.updates.some((u) => u.id === scheduled.id)).toBe(false);
    expect(ackError(await emitAck(ctx.alice, "feed:pin", { updateId: scheduled.id }), "VALIDATION_FAILED").message).toMatch(/scheduled/);

    // The desk's own scheduler (every second) publishes it.
    const published = await deskSeesPublished;
    expect(published.id).toBeGreaterThan(scheduled.id);
    expect(published.bodyHtml).toBe(scheduled.bodyHtml);
    await new Promise((r) => setTimeout(r, 1_500));
    heard.stop();
    const updates = heard.events.filter((e) => e.event === "live:update" && (e.payload as LiveUpdate).headline === "At the hour");
    expect(updates).toHaveLength(1);
    expect((await ctx.db.liveUpdate.findUniqueOrThrow({ where: { id: scheduled.id } })).deletedAt).not.toBeNull();

    // Editing the scheduled copy after the scheduler took it: a clear error, the text is not lost.
    const late = ackError(await emitAck(ctx.alice, "feed:edit", { updateId: scheduled.id, baseVersion: 1, body: "<p>Changed</p>" }), "NOT_FOUND");
    expect(late.message).toMatch(/just been published as a new update/);
  });

  it("refuses a time in the past or absurdly far ahead; rescheduling and cancelling work until then", async () => {
    expect(ackError(await emitAck(ctx.alice, "feed:post", { body: "<p>x</p>", scheduleAt: inSeconds(-120) }), "VALIDATION_FAILED").message).toMatch(/has passed/);
    expect(ackError(await emitAck(ctx.alice, "feed:post", { body: "<p>x</p>", scheduleAt: inSeconds(86_400 * 365) }), "VALIDATION_FAILED").message).toMatch(/30 days/);
    expect(ackError(await emitAck(ctx.alice, "feed:post", { body: "<p>x</p>", scheduleAt: "tomorrow" }), "VALIDATION_FAILED").message).toMatch(/ISO 8601/);
    const later = await post({ scheduleAt: inSeconds(3600) });
    const moved = okData(await emitAck(ctx.alice, "feed:edit", { updateId: later.id, baseVersion: 1, body: "<p>New text</p>", scheduleAt: inSeconds(7200), headline: "Later" }));
    expect(moved).toMatchObject({ headline: "Later", bodyText: "New text", correctedAt: null, editedAt: null });
    expect(Date.parse(moved.scheduledFor!) - Date.parse(later.scheduledFor!)).toBeGreaterThan(3_000_000);
    okData(await emitAck(ctx.alice, "feed:delete", { updateId: later.id }));
    expect(await publishDue(ctx.store, new Date(Date.now() + 3 * 3_600_000))).toEqual([]);
    const published = await post({});
    expect(ackError(await emitAck(ctx.alice, "feed:edit", { updateId: published.id, baseVersion: 1, body: "<p>x</p>", scheduleAt: inSeconds(60) }), "VALIDATION_FAILED").message).toMatch(/already published/);
  });

  it("two processes racing for the same due posts publish each exactly once; a restart in between loses none", async () => {
    // Posts due in an hour, so the desk's own scheduler leaves them alone; the test's clock jumps ahead.
    const due = [] as LiveUpdate[];
    for (let i = 0; i < 5; i++) due.push(await post({ headline: `Race ${i}`, scheduleAt: inSeconds(3600) }));
    const later = new Date(Date.now() + 2 * 3_600_000);
    // Two real processes on the same database, released at the same moment.
    const [a, b] = await racingProcesses(ctx.database.url, later);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(due.map((u) => u.id));
    const rows = await ctx.db.liveUpdate.findMany({ where: { headline: { startsWith: "Race " }, deletedAt: null } });
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.scheduledFor === null)).toBe(true);

    // A restart: a process holds a scheduled post, stops before its time; a new one starts after it.
    const restart = await post({ headline: "After restart", scheduleAt: inSeconds(3600) });
    const before = await openStore(ctx.database.url, { seed: false });
    const beforeScheduler = startScheduler(before, () => {}, { everyMs: 50 });
    await new Promise((r) => setTimeout(r, 200));
    await beforeScheduler.stop();
    await before.close();
    expect(await ctx.db.liveUpdate.count({ where: { headline: "After restart", scheduledFor: null } })).toBe(0);

    const after = await openStore(ctx.database.url, { seed: false });
    const announced: ScheduledPublication[] = [];
    const scheduler = startScheduler(after, (p) => announced.push(p), { everyMs: 50, clock: () => later });
    try {
      await expect.poll(() => announced.length, { timeout: 5_000 }).toBe(1);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await scheduler.stop();
      await after.close();
    }
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ replaced: restart.id, update: { headline: "After restart", scheduledFor: null } });
    expect(await ctx.db.liveUpdate.count({ where: { headline: "After restart", deletedAt: null } })).toBe(1);
  });
});
