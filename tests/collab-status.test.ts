/**
 * What an editor's sync badge says, and that it tells the truth: "offline" when the connection
 * drops (not "out of sync"), "saved" only once everything typed is stored, and a change too
 * large to store is reported once, never sent over and over, and never leaves later typing
 * acknowledged but invisible. On SQLite and Postgres.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { CardTextProvider, SyncStatus } from "../lib/collab/card-text-provider";
import { COLLAB_LIMITS } from "../lib/protocol/collab";
import { connectEditor, createCard, firstText, holds, loadStored, openText, sleep, type Editor } from "./helpers/collab";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { SEED_SLUG } from "./helpers/server";

describe.each(PROVIDERS)("the editor's sync status (%s)", (provider) => {
  const ctx = useDesk(provider, { join: false });
  let storyId: string;
  let n = 0;
  const editor = async () => {
    const person = { name: `Status ${n}`, clientId: `client-status-${String(n++).padStart(4, "0")}` };
    return connectEditor(ctx.desk.url, person, { cookie: await ctx.desk.cookieFor(person) });
  };

  beforeAll(async () => {
    storyId = (await ctx.store.findStoryBySlug(SEED_SLUG))!.id;
  });

  /** Every time the provider says "saved", the store must already hold the editor's whole document. */
  function auditSaved(doc: Y.Doc, p: CardTextProvider, cardId: string) {
    const statuses: SyncStatus[] = [];
    const audits: Promise<boolean>[] = [];
    p.onStatus((s) => {
      statuses.push(s);
      if (s !== "saved") return;
      const state = Y.encodeStateAsUpdate(doc);
      audits.push(loadStored(ctx.store.docs, cardId).then((stored) => holds(stored, state)));
    });
    return { statuses, audits };
  }

  /** Bytes of the sync messages the editor sends. */
  function countSent(e: Editor) {
    const sent = { messages: 0, bytes: 0 };
    const sync = e.channel.sync.bind(e.channel);
    e.channel.sync = (cardId, message) => {
      sent.messages += 1;
      sent.bytes += message.byteLength;
      return sync(cardId, message);
    };
    return sent;
  }

  it("shows offline (not out of sync) when the connection drops mid-save, and saved only once the offline typing is stored", async () => {
    const e = await editor();
    const card = await createCard(ctx.store, storyId, "[base]");
    const { doc, provider: p } = openText(e, card.id);
    await p.whenSaved();
    const { statuses, audits } = auditSaved(doc, p, card.id);

    firstText(doc)!.insert(6, "[sent]");
    e.disconnect(); // the change is on the wire, its ack will never come
    await sleep(30);
    expect(p.status).toBe("offline");
    expect(p.error).toBeNull();
    firstText(doc)!.insert(0, "[offline]");
    expect(p.status).toBe("offline");

    e.reconnect();
    await p.whenSaved();
    await sleep(50);
    expect(statuses).not.toContain("out-of-sync");
    expect(await Promise.all(audits)).not.toContain(false);
    const stored = await loadStored(ctx.store.docs, card.id);
    expect(firstText(stored)!.toString()).toBe("[offline][base][sent]");
    p.destroy();
    e.socket.disconnect();
  });

  it.each([
    ["over 256 KB", 300 * 1024],
    ["over the 1 MB connection limit", 1_200_000],
  ])("a paste %s is refused once, not resent in a loop, the connection stays up, and removing it recovers", async (_what, size) => {
    const e = await editor();
    const card = await createCard(ctx.store, storyId, "[base]");
    const { doc, provider: p } = openText(e, card.id);
    await p.whenSaved();
    const sent = countSent(e);
    const statuses: SyncStatus[] = [];
    p.onStatus((s) => statuses.push(s));
    let disconnects = 0;
    e.socket.on("disconnect", () => disconnects++);

    firstText(doc)!.insert(6, "x".repeat(size));
    await expect.poll(() => p.status).toBe("out-of-sync");
    expect(p.error).toMatch(/too large/i);
    await sleep(400); // several retry delays
    expect(disconnects).toBe(0);
    expect(e.socket.connected).toBe(true);
    expect(sent.bytes).toBeLessThan(COLLAB_LIMITS.messageBytesMax * 2);
    expect(p.status).toBe("out-of-sync");

    // The editor removes the paste and types on: everything is saved, without the paste.
    firstText(doc)!.delete(6, size);
    firstText(doc)!.insert(6, "[after]");
    await p.whenSaved(5_000);
    const stored = await loadStored(ctx.store.docs, card.id);
    expect(firstText(stored)!.toString()).toBe("[base][after]");
    expect(statuses.filter((s) => s === "out-of-sync").length).toBe(1);
    p.destroy();
    e.socket.disconnect();
  });

  it("after a card reaches 2 MB, later typing is never acknowledged without being stored, and trimming recovers", async () => {
    const e = await editor();
    const card = await createCard(ctx.store, storyId, "[base]");
    const { doc, provider: p } = openText(e, card.id);
    await p.whenSaved();
    const chunk = 200 * 1024;
    const text = firstText(doc)!;
    let refusedAt = -1;
    for (let i = 0; i < 12 && refusedAt < 0; i++) {
      text.insert(0, String.fromCharCode(97 + i).repeat(chunk));
      await Promise.race([p.whenSaved(5_000), new Promise((r) => p.onStatus((s) => s === "out-of-sync" && r(null)))]);
      if (p.status === "out-of-sync") refusedAt = i;
    }
    expect(refusedAt).toBeGreaterThan(5);
    expect(p.error).toMatch(/2 MB/);

    // Typing on, at the very place of the refused text.
    const ackedBefore = e.acked.length;
    text.insert(0, "[typed-on]");
    await sleep(200);
    expect(p.status).toBe("out-of-sync");
    const stored = await loadStored(ctx.store.docs, card.id);
    for (const u of e.acked.slice(ackedBefore)) expect(holds(stored, u), "acknowledged but not in the stored text").toBe(true);

    // Removing the refused chunk makes room: all is saved, the earlier chunks are intact.
    text.delete(text.toString().indexOf("[typed-on]") + "[typed-on]".length, chunk);
    await p.whenSaved(10_000);
    const after = firstText(await loadStored(ctx.store.docs, card.id))!.toString();
    expect(after.startsWith("[typed-on]")).toBe(true);
    expect(after).toBe(text.toString());
    expect(after.length).toBe("[typed-on]".length + refusedAt * chunk + "[base]".length);
    p.destroy();
    e.socket.disconnect();
  }, 30_000);
});
