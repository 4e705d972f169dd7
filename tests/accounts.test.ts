/**
 * Accounts and roles on the real server, on SQLite and Postgres: every denial path gets a clear
 * error and changes nothing — no session, an expired session, a deactivated account, a viewer's
 * writes, a contributor publishing or editing past the draft stage, CSRF, sign-in brute force,
 * event floods — and the audit log records who did what.
 */
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signInRoute } from "../app/api/auth/signin/route";
import { POST as signOutRoute } from "../app/api/auth/signout/route";
import { GET as meRoute } from "../app/api/auth/me/route";
import { GET as listUsersRoute, POST as createUserRoute } from "../app/api/admin/users/route";
import { PATCH as updateUserRoute } from "../app/api/admin/users/[id]/route";
import { BODY_FIELD } from "../lib/protocol/collab";
import type { SignedIn } from "../lib/protocol/auth";
import { createUser } from "../server/domain/accounts";
import { createRateLimits } from "../server/domain/rate-limits";
import { publishServices } from "../server/services";
import { channelFor, openCard, syncCard, syncStep1, updateMessage } from "./helpers/collab";
import { createCardAs, useDesk } from "./helpers/desk-fixture";
import { PROVIDERS } from "./helpers/databases";
import { nextLive, recordLive, useReaders } from "./helpers/live";
import {
  ackError,
  emitAck,
  emitRaw,
  joinStory,
  nextEvent,
  okData,
  recordBroadcasts,
  signInAs,
  startDesk,
  type DeskClient,
  type Person,
} from "./helpers/server";

const ORIGIN = "http://desk.test";
const VIEWER: Person = { name: "Vera", clientId: "client-vera-0001", role: "viewer" };
const CONTRIBUTOR: Person = { name: "Cole", clientId: "client-cole-0001", role: "contributor" };

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { host: "desk.test", origin: ORIGIN, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}
const get = (path: string, headers: Record<string, string> = {}) => new Request(`${ORIGIN}${path}`, { headers: { host: "desk.test", ...headers } });
const cookieOf = (res: Response) => res.headers.get("set-cookie")!.split(";")[0];

describe.each(PROVIDERS)("accounts and roles (%s)", (provider) => {
  const ctx = useDesk(provider);
  const readers = useReaders(() => ctx.desk);
  let viewer: DeskClient;
  let contributor: DeskClient;

  beforeAll(async () => {
    publishServices(ctx.desk.services);
    await createUser(ctx.store, { email: "admin@desk.test", name: "Ada", role: "admin", password: "correct horse battery" }, null);
    await createUser(ctx.store, { email: "ed@desk.test", name: "Ed", role: "editor", password: "editor password 1" }, null);
    viewer = await ctx.desk.connect({ as: VIEWER });
    await joinStory(viewer, VIEWER);
    contributor = await ctx.desk.connect({ as: CONTRIBUTOR });
    await joinStory(contributor, CONTRIBUTOR);
  });
  afterAll(() => publishServices(undefined));

  const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
    signInRoute(post("/api/auth/signin", { email, password }, headers));

  it("refuses a desk connection without a session, with an expired one, or with an unknown cookie", async () => {
    await expect(ctx.desk.connect({ cookie: null })).rejects.toThrow(/UNAUTHORIZED/);
    await expect(ctx.desk.connect({ cookie: "newsdesk_session=forged-token" })).rejects.toThrow(/UNAUTHORIZED/);
    const expired = await signInAs(ctx.store, { name: "Old", clientId: "client-old-0001" }, new Date(Date.now() - 1000));
    await expect(ctx.desk.connect({ cookie: expired })).rejects.toThrow(/UNAUTHORIZED/);
  });

  it("a session that expires while connected: the next event is refused and the socket closed", async () => {
    const person = { name: "Brief", clientId: "client-brief-001" };
    const socket = await ctx.desk.connect({ as: person });
    await joinStory(socket, person);
    // Time passes beyond the session's end (sessions slide while used, so it is set directly).
    const [server] = (await ctx.desk.io.fetchSockets()).filter((s) => s.id === socket.id);
    server.data.expiresAt = Date.now() - 1;
    const closed = new Promise((resolve) => socket.once("disconnect", resolve));
    ackError(await emitAck(socket, "card:create", { storyId: ctx.storyId, title: "Too late" }), "UNAUTHORIZED");
    await closed;
    expect(await ctx.db.card.count({ where: { title: "Too late" } })).toBe(0);
  });

  it("a viewer reads the desk, sees live changes, and every write event is FORBIDDEN with nothing changed", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Viewer target", "Untouched");
    const [update] = (await ctx.db.liveUpdate.findMany({ where: { storyId: ctx.storyId }, take: 1 })).map((u) => u.id);
    const heard = recordBroadcasts(ctx.bea);
    const writes: [string, unknown][] = [
      ["card:create", { storyId: ctx.storyId, title: "Viewer card" }],
      ["card:update", { cardId: card.id, baseVersion: card.version, changes: { title: "Hacked" } }],
      ["card:setStatus", { cardId: card.id, baseVersion: card.version, status: "in_review" }],
      ["card:move", { cardId: card.id, toIndex: 0 }],
      ["card:delete", { cardId: card.id }],
      ["card:publish", { cardId: card.id, baseVersion: card.version }],
      ["card:revert", { cardId: card.id, revision: 1, baseVersion: card.version }],
      ["feed:post", { body: "<p>Viewer post</p>" }],
      ["feed:edit", { updateId: update ?? 1, baseVersion: 1, body: "<p>x</p>" }],
      ["feed:delete", { updateId: update ?? 1 }],
      ["feed:pin", { updateId: null }],
      ["feed:keyEvent", { updateId: update ?? 1, keyEvent: true }],
      ["feed:approve", { updateId: update ?? 1 }],
      ["audit:list", {}],
    ];
    for (const [event, payload] of writes) {
      const ack = await emitRaw(viewer, event, payload);
      expect(ack.ok ? "ok" : `${ack.error.code} ${ack.error.message}`, event).toMatch(/^FORBIDDEN/);
    }
    // Text: opening is reading (allowed); a change is refused and not stored.
    const doc = new Y.Doc();
    okData(await openCard(viewer, card.id, syncStep1(doc)));
    const before = await ctx.db.cardDocUpdate.count({ where: { cardId: card.id } });
    const recorded: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => recorded.push(u));
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText("viewer text")]);
    doc.getXmlFragment(BODY_FIELD).insert(0, [p]);
    ackError(await syncCard(viewer, card.id, updateMessage(recorded[0])), "FORBIDDEN");
    expect(await ctx.db.cardDocUpdate.count({ where: { cardId: card.id } })).toBe(before);
    channelFor(viewer).close(card.id);

    expect(await ctx.store.findCard(card.id)).toMatchObject({ title: "Viewer target", status: "draft", version: card.version });
    // Only presence (left out by the recorder), and the derived text of the card's text being
    // opened for the first time (a rendering, not a change), reached the other editor.
    const changes = heard.events.filter(
      (e) =>
        e.event !== "card:text" &&
        !(e.event === "card:updated" && (e.payload as { version: number }).version === card.version) &&
        // Alice's own creation of the target may reach Bea after her ack: not the viewer's doing.
        !(e.event === "card:created" && (e.payload as { id: string }).id === card.id),
    );
    expect(changes).toEqual([]);
    heard.stop();
    // …while the viewer sees an editor's change live.
    const seen = new Promise((resolve) => viewer.once("card:updated", resolve));
    okData(await emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: card.version, changes: { summary: "Changed by Alice" } }));
    expect(await seen).toMatchObject({ id: card.id, summary: "Changed by Alice" });
  });

  it("a contributor writes drafts and sends them to review, but cannot publish, edit past review, or delete", async () => {
    let card = await createCardAs(contributor, ctx.storyId, "Contributor draft");
    card = okData(await emitAck(contributor, "card:update", { cardId: card.id, baseVersion: card.version, changes: { summary: "Drafted" } }));
    card = okData(await emitAck(contributor, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "in_review" }));
    ackError(await emitAck(contributor, "card:publish", { cardId: card.id, baseVersion: card.version }), "FORBIDDEN");
    const past = ackError(await emitAck(contributor, "card:update", { cardId: card.id, baseVersion: card.version, changes: { title: "Late edit" } }), "FORBIDDEN");
    expect(past.message).toMatch(/draft/);
    ackError(await emitAck(contributor, "card:delete", { cardId: card.id }), "FORBIDDEN");
    expect(await ctx.db.cardRevision.count({ where: { cardId: card.id } })).toBe(0);
    expect(await ctx.store.findCard(card.id)).toMatchObject({ title: "Contributor draft", status: "in_review" });
  });

  it("a contributor may move drafts but not a published card, whose place is public", async () => {
    const order = async () =>
      (await ctx.db.card.findMany({ where: { storyId: ctx.storyId, deletedAt: null }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] })).map((c) => c.id);
    const published = await ctx.db.card.findFirstOrThrow({ where: { storyId: ctx.storyId, status: "published", deletedAt: null }, orderBy: { position: "desc" } });
    const before = await order();
    const refused = ackError(await emitAck(contributor, "card:move", { cardId: published.id, toIndex: 0 }), "FORBIDDEN");
    // Nor may they read the publish preview (an editor's step before publishing).
    ackError(await emitAck(contributor, "card:preview", { cardId: published.id }), "FORBIDDEN");
    const preview = okData(await emitAck(ctx.alice, "card:preview", { cardId: published.id }));
    expect(preview).toMatchObject({ title: published.title, embedsNow: 0 });
    expect(refused.message).toMatch(/published/);
    expect(await order()).toEqual(before);
    // Their own draft still moves (its place changes nothing readers see).
    const draft = await createCardAs(contributor, ctx.storyId, "Contributor's draft to move");
    const moved = okData(await emitAck(contributor, "card:move", { cardId: draft.id, toIndex: 0 }));
    expect(moved.order[0]).toBe(draft.id);
    // An editor moves the published card.
    okData(await emitAck(ctx.alice, "card:move", { cardId: published.id, toIndex: 1 }));
    expect((await order())[1]).toBe(published.id);
  });

  it("a contributor's live update waits for an editor's approval before readers see it", async () => {
    const { reader } = await readers.reader();
    const heard = recordLive(reader);
    const pending = okData(await emitAck(contributor, "feed:post", { body: "<p>Contributor's scoop</p>" }));
    expect(pending.approved).toBe(false);
    const { snapshot } = await readers.reader();
    expect(snapshot.updates.map((u) => u.id)).not.toContain(pending.id);
    ackError(await emitAck(contributor, "feed:approve", { updateId: pending.id }), "FORBIDDEN");
    ackError(await emitAck(ctx.alice, "feed:pin", { updateId: pending.id }), "VALIDATION_FAILED");
    expect(heard.events).toEqual([]);
    const arrives = nextLive(reader, "live:update", (u) => u.bodyText === "Contributor's scoop");
    const deskDrops = nextEvent(ctx.bea, "feed:deleted", (p) => p.updateId === pending.id);
    const approved = okData(await emitAck(ctx.alice, "feed:approve", { updateId: pending.id }));
    // Published now, as the newest update: a new id above every earlier one (so `after` cursors see it).
    expect(approved).toMatchObject({ approved: true, bodyText: "Contributor's scoop" });
    expect(approved.id).toBeGreaterThan(pending.id);
    expect(await arrives).toEqual(approved);
    await deskDrops;
    const { snapshot: after } = await readers.reader();
    expect(after.updates[0].id).toBe(approved.id);
    expect(after.updates.map((u) => u.id)).not.toContain(pending.id);
    heard.stop();
  });

  it("sign-in: a wrong password and an unknown email get the same answer; five failures lock the email for a while", async () => {
    const wrong = await signIn("ed@desk.test", "not the password");
    const unknown = await signIn("nobody@desk.test", "not the password");
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect((await wrong.json()).error.message).toBe((await unknown.json()).error.message);
    for (let i = 0; i < 4; i++) expect((await signIn("ed@desk.test", `guess ${i}`)).status).toBe(401);
    // Five failures for this email: the sixth attempt is not even checked.
    const locked = await signIn("ed@desk.test", "guess 5");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Even the right password is refused while locked: guessing cannot go on.
    expect((await signIn("ed@desk.test", "editor password 1")).status).toBe(429);
  });

  it("sign-in opens a session usable on the socket; sign-out needs the CSRF token and ends it everywhere", async () => {
    const res = await signIn("admin@desk.test", "correct horse battery");
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect(res.headers.get("set-cookie")).toMatch(/SameSite=Lax/i);
    const { user, csrfToken } = (await res.json()) as SignedIn;
    expect(user).toMatchObject({ email: "admin@desk.test", role: "admin", name: "Ada" });
    const cookie = cookieOf(res);
    expect((await meRoute(get("/api/auth/me", { cookie }))).status).toBe(200);

    const socket = await ctx.desk.connect({ cookie });
    const joined = okData(await emitAck(socket, "story:join", { slug: "petro-trump-white-house", clientId: "client-ada-00001" }));
    expect(joined.me).toMatchObject({ name: "Ada", role: "admin" });

    // Cross-site and token-less sign-outs are refused; the session survives them.
    expect((await signOutRoute(post("/api/auth/signout", {}, { cookie, origin: "https://evil.example", "x-csrf-token": csrfToken }))).status).toBe(403);
    expect((await signOutRoute(post("/api/auth/signout", {}, { cookie }))).status).toBe(403);
    expect((await meRoute(get("/api/auth/me", { cookie }))).status).toBe(200);
    // A cross-site sign-in attempt (login CSRF) is refused too.
    expect((await signIn("admin@desk.test", "correct horse battery", { origin: "https://evil.example" })).status).toBe(403);

    const closed = new Promise((resolve) => socket.once("disconnect", resolve));
    expect((await signOutRoute(post("/api/auth/signout", {}, { cookie, "x-csrf-token": csrfToken }))).status).toBe(204);
    await closed;
    expect((await meRoute(get("/api/auth/me", { cookie }))).status).toBe(401);
    await expect(ctx.desk.connect({ cookie })).rejects.toThrow(/UNAUTHORIZED/);
  });

  it("user admin: admins only, CSRF-checked; a role change or deactivation applies to live sockets at once", async () => {
    const res = await signIn("admin@desk.test", "correct horse battery");
    const cookie = cookieOf(res);
    const { csrfToken } = (await res.json()) as SignedIn;
    const editorCookie = await ctx.desk.cookieFor({ name: "Alice", clientId: "x" });
    expect((await listUsersRoute(get("/api/admin/users", { cookie: editorCookie }))).status).toBe(403);
    expect((await listUsersRoute(get("/api/admin/users"))).status).toBe(401);

    const body = { email: "newbie@desk.test", name: "Newbie", role: "editor", password: "a long password" };
    expect((await createUserRoute(post("/api/admin/users", body, { cookie }))).status).toBe(403); // no CSRF token
    const created = await createUserRoute(post("/api/admin/users", body, { cookie, "x-csrf-token": csrfToken }));
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string } };
    expect((await createUserRoute(post("/api/admin/users", body, { cookie, "x-csrf-token": csrfToken }))).status).toBe(409);

    // Newbie signs in and is on the desk; demoting them to viewer disconnects them, and their
    // reconnection gets the new role.
    const newbie = cookieOf(await signIn("newbie@desk.test", "a long password"));
    const socket = await ctx.desk.connect({ cookie: newbie });
    const patch = (change: unknown, headers: Record<string, string> = { cookie, "x-csrf-token": csrfToken }) =>
      updateUserRoute(new Request(`${ORIGIN}/api/admin/users/${user.id}`, { method: "PATCH", headers: { host: "desk.test", origin: ORIGIN, ...headers }, body: JSON.stringify(change) }), {
        params: Promise.resolve({ id: user.id }),
      });
    let closed = new Promise((resolve) => socket.once("disconnect", resolve));
    expect((await patch({ role: "viewer" })).status).toBe(200);
    await closed;
    const again = await ctx.desk.connect({ cookie: newbie });
    await joinStory(again, { name: "Newbie", clientId: "client-newbie-01" });
    ackError(await emitAck(again, "card:create", { storyId: ctx.storyId, title: "Newbie card" }), "FORBIDDEN");

    closed = new Promise((resolve) => again.once("disconnect", resolve));
    expect((await patch({ active: false })).status).toBe(200);
    await closed;
    await expect(ctx.desk.connect({ cookie: newbie })).rejects.toThrow(/UNAUTHORIZED/);
    expect((await signIn("newbie@desk.test", "a long password")).status).toBe(401);

    // An admin cannot lock themself out.
    const me = (await (await meRoute(get("/api/auth/me", { cookie }))).json()) as SignedIn;
    const self = await updateUserRoute(
      new Request(`${ORIGIN}/api/admin/users/${me.user.id}`, { method: "PATCH", headers: { host: "desk.test", origin: ORIGIN, cookie, "x-csrf-token": csrfToken }, body: JSON.stringify({ role: "viewer" }) }),
      { params: Promise.resolve({ id: me.user.id }) },
    );
    expect(self.status).toBe(400);
  });

  it("the audit log records who did what, per card and per story, for editors and admins", async () => {
    let card = await createCardAs(ctx.alice, ctx.storyId, "Audited card");
    card = okData(await emitAck(ctx.bea, "card:update", { cardId: card.id, baseVersion: card.version, changes: { title: "Audited card, renamed" } }));
    card = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "in_review" }));
    okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
    const log = okData(await emitAck(ctx.alice, "audit:list", { cardId: card.id }));
    expect(log.map((e) => [e.actorName, e.action])).toEqual([
      ["Alice", "card.publish"],
      ["Alice", "card.status"],
      ["Bea", "card.update"],
      ["Alice", "card.create"],
    ]);
    expect(log[2].summary).toBe(`title: "Audited card" → "Audited card, renamed"`);
    expect(log[1].summary).toBe("status: draft → in_review");
    const story = okData(await emitAck(ctx.alice, "audit:list", {}));
    expect(story.some((e) => e.cardId === card.id)).toBe(true);
    expect(story.every((e) => e.storyId === ctx.storyId)).toBe(true);
    ackError(await emitAck(contributor, "audit:list", { cardId: card.id }), "FORBIDDEN");
  });

  it("floods of socket events hit the per-user rate limit with a clear error", async () => {
    const desk = await startDesk(ctx.store, { limits: createRateLimits({ socketEventsPer10s: 5 }) });
    try {
      const socket = await desk.connect({ as: { name: "Flood", clientId: "client-flood-001" } });
      const acks = [];
      for (let i = 0; i < 8; i++) acks.push(await emitRaw(socket, "feed:more", { before: 1 }));
      const codes = acks.map((a) => (a.ok ? "ok" : a.error.code));
      expect(codes.slice(0, 5).every((c) => c !== "RATE_LIMITED")).toBe(true);
      expect(codes.slice(5)).toEqual(["RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    } finally {
      await desk.stop();
    }
  });
});
