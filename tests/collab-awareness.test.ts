/**
 * Cursors are not taken on trust: whatever name a client writes into its awareness state, the
 * others see its account's name and colour, and a connection cannot move another connection's
 * cursor by reusing its awareness client id. On SQLite and Postgres, real server and clients.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { colorFor } from "../lib/protocol/colors";
import type { CollabChannel } from "../lib/collab/collab-channel";
import { connectEditor, createCard, openCard, sleep, syncStep1 } from "./helpers/collab";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { okData, SEED_SLUG, type Person } from "./helpers/server";
import * as Y from "yjs";

const EDITOR: Person = { name: "Elena Cursor", clientId: "client-cursor-e1" };
const VIEWER: Person = { name: "Victor Viewer", clientId: "client-cursor-v1", role: "viewer" };

/** An awareness update holding one state for `clientId` at `clock`. */
function awareness(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
  return encoding.toUint8Array(encoder);
}

/** The states of an awareness update, by client id. */
function statesOf(message: Uint8Array): Map<number, { user?: { name: string; color: string } } | null> {
  const decoder = decoding.createDecoder(message);
  const states = new Map();
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    states.set(clientId, JSON.parse(decoding.readVarString(decoder)));
  }
  return states;
}

/** The next cursors the channel hears of on the card. */
function nextAwareness(channel: CollabChannel, cardId: string): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const stop = channel.listen(cardId, {
      sync: () => {},
      awareness: (message) => {
        stop();
        resolve(message);
      },
    });
  });
}

describe.each(PROVIDERS)("cursors carry the account, not what the client claims (%s)", (provider) => {
  const ctx = useDesk(provider, { join: false });

  it("a forged name is replaced by the account's, and another connection's cursor cannot be taken over", async () => {
    const storyId = (await ctx.store.findStoryBySlug(SEED_SLUG))!.id;
    const card = await createCard(ctx.store, storyId, "[cursor test]");
    const as = async (p: Person) => connectEditor(ctx.desk.url, p, { cookie: await ctx.desk.cookieFor(p) });
    const [elena, victor] = [await as(EDITOR), await as(VIEWER)];
    for (const e of [elena, victor]) okData(await openCard(e.socket, card.id, syncStep1(new Y.Doc())));
    const victorAccount = (await ctx.store.users.findByEmail("victor-viewer.viewer@test.local"))!;
    const elenaAccount = (await ctx.store.users.findByEmail("elena-cursor.editor@test.local"))!;

    // Elena's cursor, under her own client id.
    const victorSees = nextAwareness(victor.channel, card.id);
    elena.channel.awareness(card.id, awareness(1001, 1, { user: { name: "Elena" }, cursor: "at 3" }));
    const fromElena = statesOf(await victorSees).get(1001);
    expect(fromElena).toMatchObject({ user: { name: "Elena Cursor", color: colorFor(elenaAccount.id) }, cursor: "at 3" });

    // Victor (a viewer) calls himself "Admin": Elena sees his account's name.
    const elenaSees = nextAwareness(elena.channel, card.id);
    victor.channel.awareness(card.id, awareness(2002, 1, { user: { name: "Admin", color: "#000" } }));
    expect(statesOf(await elenaSees).get(2002)).toEqual({
      user: { name: "Victor Viewer", color: colorFor(victorAccount.id) },
    });

    // Victor reuses Elena's client id with a higher clock: refused, and nobody hears of it.
    const heard: Uint8Array[] = [];
    elena.channel.listen(card.id, { sync: () => {}, awareness: (message) => heard.push(message) });
    victor.channel.awareness(card.id, awareness(1001, 99, { user: { name: "Elena" }, cursor: "moved" }));
    // Frames are handled in order: once Victor's next request is answered, his cursor was handled.
    okData(await openCard(victor.socket, card.id, syncStep1(new Y.Doc())));
    await sleep(100);
    // The next opener still gets Elena's own cursor from the server's copy.
    const third = await as({ name: "Third Reader", clientId: "client-cursor-t1" });
    const opened = okData(await openCard(third.socket, card.id, syncStep1(new Y.Doc())));
    expect(statesOf(opened.awareness!).get(1001)).toMatchObject({ cursor: "at 3", user: { name: "Elena Cursor" } });
    expect(heard.filter((m) => statesOf(m).has(1001))).toEqual([]);
    for (const e of [elena, victor, third]) e.disconnect();
  });
});
