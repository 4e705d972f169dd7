/**
 * Redis stopped and started again mid-session (a Redis server of the suite's own; the machine's
 * shared one is never touched). While it is down each process keeps serving its own clients:
 * their commands and text edits are acknowledged and reach the other clients of the same
 * process. When it is back, cross-process delivery resumes by itself, the text typed on each
 * side during the outage reaches the other side, and nothing acknowledged is lost or doubled.
 * Postgres only (several processes need it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeskStore } from "../server/store/types";
import { bodyXml, connectEditor, createCard, firstText, holds, loadStored, openText, sleep, tokensIn, type Editor } from "./helpers/collab";
import { startOwnRedis, startServerProcess, uniquePrefix, type OwnRedis, type ServerProcess } from "./helpers/cluster";
import { createTestDatabase, openSeededStore, type TestDatabase } from "./helpers/databases";
import { emitAck, nextEvent, okData, SEED_SLUG } from "./helpers/server";

const tokensOf = (doc: import("yjs").Doc) => tokensIn(firstText(doc)!.toString());

describe("Redis stopped and restarted while two processes serve one card", () => {
  let database: TestDatabase;
  let store: DeskStore;
  let storyId: string;
  let redis: OwnRedis;
  let one: ServerProcess;
  let two: ServerProcess;
  const editors: Editor[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    store = await openSeededStore(database);
    storyId = (await store.findStoryBySlug(SEED_SLUG))!.id;
    redis = await startOwnRedis();
    const keyPrefix = uniquePrefix();
    // No periodic catch-up within the test's time (it would carry the text across through the
    // database even while Redis is down): what crosses after the outage is the recovery's doing.
    const options = { databaseUrl: database.url, redisUrl: redis.url, keyPrefix, compactEvery: 10, catchUpMs: 600_000 };
    [one, two] = await Promise.all([startServerProcess(options), startServerProcess(options)]);
  }, 120_000);

  afterAll(async () => {
    for (const e of editors) e.socket.disconnect();
    await Promise.all([one?.kill(), two?.kill()]);
    await redis?.stop();
    await store?.close();
    await database?.drop();
  });

  it("each process serves its own clients during the outage, and both sides converge with everything once Redis is back", async () => {
    const card = await createCard(store, storyId, "[base]");
    const person = (n: string) => ({ name: n, clientId: `client-outage-${n}` });
    // Ana and Ari on process one, Bo on process two.
    const [ana, ari, bo] = [
      await connectEditor(one.url, person("ana"), { store }),
      await connectEditor(one.url, person("ari"), { store }),
      await connectEditor(two.url, person("bo"), { store }),
    ];
    editors.push(ana, ari, bo);
    const [A, A2, B] = [openText(ana, card.id), openText(ari, card.id), openText(bo, card.id)];
    await Promise.all([A, A2, B].map((s) => s.provider.whenSaved()));

    firstText(A.doc)!.insert(6, "[before]");
    await expect.poll(() => tokensOf(B.doc), { timeout: 10_000 }).toContain("[before]");

    await redis.stop();
    // Typed on each side while Redis is down: acknowledged (stored) on each process.
    const typed = ["[base]", "[before]"];
    for (let n = 0; n < 5; n++) {
      for (const [s, tag] of [[A, "a"], [B, "b"]] as const) {
        const token = `[${tag}-out${n}]`;
        typed.push(token);
        firstText(s.doc)!.insert(firstText(s.doc)!.length, token);
      }
      await sleep(50);
    }
    await Promise.all([A.provider.whenSaved(), B.provider.whenSaved()]);
    // Ari, on Ana's process, sees Ana's text at once; commands work on each process.
    await expect.poll(() => tokensOf(A2.doc), { timeout: 10_000 }).toContain("[a-out4]");
    const draft = (await store.listCards(storyId)).find((c) => c.status === "draft")!;
    const heard = nextEvent(ari.socket, "card:updated", (c) => c.id === draft.id && c.status === "in_review");
    okData(await emitAck(ana.socket, "card:setStatus", { cardId: draft.id, baseVersion: draft.version, status: "in_review" }));
    await heard;
    // Someone arriving on process two during the outage can still join (presence of that process only).
    const late = await connectEditor(two.url, person("cy"), { store });
    editors.push(late);
    // Nothing typed on process two has reached process one (there is no way across).
    expect(tokensOf(A.doc)).not.toContain("[b-out0]");

    await redis.start();
    // Cross-process delivery comes back by itself: what each side typed in the outage, and new text.
    await expect.poll(() => tokensOf(A.doc), { timeout: 20_000 }).toContain("[b-out4]");
    await expect.poll(() => tokensOf(B.doc), { timeout: 20_000 }).toContain("[a-out4]");
    await expect
      .poll(
        async () => {
          // Presence across processes again: Bo's process lists Ana.
          const joined = okData(await emitAck(bo.socket, "story:join", { slug: SEED_SLUG, ...person("bo") }));
          return joined.members.map((m) => m.clientId).sort();
        },
        { timeout: 20_000 },
      )
      .toEqual(["client-outage-ana", "client-outage-ari", "client-outage-bo", "client-outage-cy"]);
    firstText(A.doc)!.insert(0, "[after]");
    typed.push("[after]");
    await expect.poll(() => tokensOf(A2.doc), { timeout: 10_000 }).toContain("[after]");

    await Promise.all([A, A2, B].map((s) => s.provider.whenSaved(20_000)));
    await expect.poll(() => new Set([A, A2, B].map((s) => bodyXml(s.doc))).size, { timeout: 20_000 }).toBe(1);
    const stored = await loadStored(store.docs, card.id);
    expect(bodyXml(A.doc)).toBe(bodyXml(stored));
    expect(tokensIn(firstText(stored)!.toString()).sort()).toEqual([...typed].sort());
    for (const e of editors) for (const u of e.acked) expect(holds(stored, u), "an acknowledged update is missing").toBe(true);
    for (const s of [A, A2, B]) s.provider.destroy();
  }, 120_000);
});
