/**
 * Card text under a slow or failing store: the relay to the other editors and the sender's next
 * events never wait for the disk, acks still do, a failed batch acknowledges none of its
 * updates and their senders resend them, and a burst is stored in a few group commits. On
 * SQLite and Postgres, on the real server with real socket.io clients.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { SyncStatus } from "../lib/collab/card-text-provider";
import type { DocStore } from "../server/store/types";
import { connectEditor, createCard, firstText, loadStored, openCard, openText, sleep, syncCard, syncStep1, tokensIn, updateMessage } from "./helpers/collab";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { BODY_FIELD } from "../lib/protocol/collab";
import { PREVIEW_CHARS } from "../lib/protocol/schemas";
import { createRateLimits } from "../server/domain/rate-limits";
import { emitAck, nextEvent, okData, SEED_SLUG, type Person } from "./helpers/server";

const ANA: Person = { name: "Ana Group", clientId: "client-group-ana1" };
const BEN: Person = { name: "Ben Group", clientId: "client-group-ben1" };

/** A store whose appends can be held (until `release`) or made to fail, and are counted. */
function faultyDocs() {
  const control = {
    /** Appends wait for this before writing. */
    gate: Promise.resolve(),
    release: () => {},
    /** Append calls from this index on throw without writing, while `failing`. */
    failFrom: Number.POSITIVE_INFINITY,
    failing: false,
    /** Rows of the calls that failed. */
    failedRows: 0,
    /** Rows of each append call, in call order. */
    calls: [] as number[],
    hold() {
      control.gate = new Promise<void>((resolve) => (control.release = resolve));
    },
  };
  const wrap = (docs: DocStore): DocStore => ({
    ...docs,
    async appendUpdates(rows) {
      const index = control.calls.push(rows.length) - 1;
      await control.gate;
      if (control.failing && index >= control.failFrom) {
        control.failedRows += rows.length;
        throw new Error("simulated write failure");
      }
      return docs.appendUpdates(rows);
    },
  });
  return { control, wrap };
}

describe.each(PROVIDERS)("group commit of card text (%s)", (provider) => {
  const { control, wrap } = faultyDocs();
  // The burst below sends far more events than the default per-user budget allows.
  const ctx = useDesk(provider, { join: false, wrapDocs: wrap, limits: createRateLimits({ socketEventsPer10s: 100_000 }) });

  async function editors() {
    const storyId = (await ctx.store.findStoryBySlug(SEED_SLUG))!.id;
    const as = async (p: Person) => connectEditor(ctx.desk.url, p, { cookie: await ctx.desk.cookieFor(p) });
    return { storyId, ana: await as(ANA), ben: await as(BEN) };
  }

  it("a slow store delays neither the sender's next command nor, on SQLite, the relay to other editors; the ack waits for it", async () => {
    const { storyId, ana, ben } = await editors();
    const card = await createCard(ctx.store, storyId, "[base]");
    const [A, B] = [openText(ana, card.id), openText(ben, card.id)];
    await Promise.all([A.provider.whenSaved(), B.provider.whenSaved()]);

    control.hold();
    try {
      firstText(A.doc)!.insert(6, "[slow]");
      if (provider === "sqlite") {
        // Ben sees it while the store still holds the write (SQLite orders every later read
        // after it, so nobody can see text a read of the store would lack)...
        await expect.poll(() => firstText(B.doc)?.toString(), { timeout: 2_000 }).toBe("[base][slow]");
      } else {
        // ...on Postgres only once its batch is committed: other connections read the store.
        await sleep(300);
        expect(firstText(B.doc)?.toString()).toBe("[base]");
      }
      // Ana's next command is answered meanwhile (her socket's queue did not wait).
      const renamed = okData(
        await emitAck(ana.socket, "card:update", { cardId: card.id, baseVersion: card.version, changes: { title: "Renamed while slow" } }),
      );
      expect(renamed.title).toBe("Renamed while slow");
      // Not acknowledged: the update is not stored yet.
      await sleep(300);
      expect(A.provider.status).toBe("saving");
      expect(A.provider.acked).toBe(0);
    } finally {
      control.release();
    }
    await A.provider.whenSaved();
    expect(A.provider.acked).toBe(1);
    await expect.poll(() => firstText(B.doc)?.toString(), { timeout: 2_000 }).toBe("[base][slow]");
    expect(firstText(await loadStored(ctx.store.docs, card.id))!.toString()).toBe("[base][slow]");
    for (const p of [A.provider, B.provider]) p.destroy();
    ana.disconnect();
    ben.disconnect();
  });

  it("a batch whose write fails acknowledges none of its updates; their senders resend them and each is stored once", async () => {
    const { storyId, ana, ben } = await editors();
    const [one, two] = [await createCard(ctx.store, storyId, "[one]"), await createCard(ctx.store, storyId, "[two]")];
    const [A, B] = [openText(ana, one.id), openText(ben, two.id)];
    await Promise.all([A.provider.whenSaved(), B.provider.whenSaved()]);
    const statuses: SyncStatus[][] = [[], []];
    [A.provider, B.provider].forEach((p, i) => p.onStatus((s) => statuses[i].push(s)));

    // Hold a first write, then make every later one fail: both editors' updates are written
    // after it (in one batch or two) and fail.
    control.hold();
    const callsBefore = control.calls.length;
    firstText(A.doc)!.insert(5, "[w]");
    await expect.poll(() => control.calls.length).toBe(callsBefore + 1);
    Object.assign(control, { failFrom: control.calls.length, failing: true, failedRows: 0 });
    firstText(A.doc)!.insert(0, "[a]");
    firstText(B.doc)!.insert(0, "[b]");
    await sleep(100);
    control.release();
    for (const mine of statuses) await expect.poll(() => mine.includes("out-of-sync")).toBe(true);
    control.failing = false;
    expect(control.failedRows, "both updates were in failed writes").toBeGreaterThanOrEqual(2);
    // Neither editor was ever told "saved" between typing and the refusal.
    for (const mine of statuses) expect(mine.slice(0, mine.indexOf("out-of-sync"))).not.toContain("saved");
    await Promise.all([A.provider.whenSaved(), B.provider.whenSaved()]);
    // Saved only once stored for real: each token exactly once in the store.
    const [storedOne, storedTwo] = [await loadStored(ctx.store.docs, one.id), await loadStored(ctx.store.docs, two.id)];
    expect(tokensIn(firstText(storedOne)!.toString()).sort()).toEqual(["[a]", "[one]", "[w]"]);
    expect(tokensIn(firstText(storedTwo)!.toString()).sort()).toEqual(["[b]", "[two]"]);
    for (const p of [A.provider, B.provider]) p.destroy();
    ana.disconnect();
    ben.disconnect();
  });

  it("the story's desks get a short preview of typed text, not the whole card", async () => {
    const { storyId, ana, ben } = await editors();
    const long = `${"Opening paragraph about the meeting. ".repeat(20)}\n\nSecond paragraph.\n\nThird.`;
    const card = await createCard(ctx.store, storyId, "[base]");
    const A = openText(ana, card.id);
    await A.provider.whenSaved();
    const heard: { event: string; payload: unknown }[] = [];
    ben.socket.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
    const changes = nextEvent(ben.socket, "card:text", (cs) => cs.some((c) => c.cardId === card.id && c.preview.paragraphs === 3), 10_000).catch((err) => {
      throw new Error(`${(err as Error).message}; heard ${JSON.stringify(heard.map((h) => h.event))} ${JSON.stringify(heard.at(-1)?.payload)?.slice(0, 300)}`);
    });
    A.doc.transact(() => {
      const body = A.doc.getXmlFragment(BODY_FIELD);
      body.delete(0, body.length);
      body.insert(
        0,
        long.split("\n\n").map((text) => {
          const paragraph = new Y.XmlElement("paragraph");
          paragraph.insert(0, [new Y.XmlText(text)]);
          return paragraph;
        }),
      );
    });
    const got = (await changes).find((c) => c.cardId === card.id)!;
    expect(got.storyId).toBe(storyId);
    expect(got.preview.text.length).toBeLessThanOrEqual(PREVIEW_CHARS);
    expect(got.preview.text.startsWith("Opening paragraph about the meeting.")).toBe(true);
    expect(JSON.stringify(got)).not.toContain("Second paragraph");
    expect(heard.filter((h) => h.event === "card:updated")).toEqual([]);
    A.provider.destroy();
    ana.disconnect();
    ben.disconnect();
  });

  it("a burst of 1,000 updates on one card is stored in far fewer transactions, every one acknowledged", async () => {
    const { storyId, ana, ben } = await editors();
    const card = await createCard(ctx.store, storyId, "");
    okData(await openCard(ana.socket, card.id, syncStep1(new Y.Doc())));
    // One client's document typing 1,000 characters, each its own update, sent without waiting.
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    const text = doc.getXmlFragment(BODY_FIELD);
    const paragraph = new Y.XmlElement("paragraph");
    text.insert(0, [paragraph]);
    const typed = new Y.XmlText();
    paragraph.insert(0, [typed]);
    for (let i = 0; i < 998; i++) typed.insert(i, String(i % 10));
    expect(updates).toHaveLength(1_000);
    const callsBefore = control.calls.length;
    const acks = await Promise.all(updates.map((u) => syncCard(ana.socket, card.id, updateMessage(u))));
    expect(acks.filter((a) => a.ok)).toHaveLength(1_000);
    const transactions = control.calls.length - callsBefore;
    expect(transactions).toBeLessThan(200);
    const stored = await loadStored(ctx.store.docs, card.id);
    expect(stored.getXmlFragment(BODY_FIELD).toString()).toBe(doc.getXmlFragment(BODY_FIELD).toString());
    console.log(`[group commit ${provider}] 1,000 updates stored in ${transactions} transactions`);
    ana.disconnect();
    ben.disconnect();
  });
});
