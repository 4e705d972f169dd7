/**
 * What people change about their own account, on the real routes, SQLite and Postgres: an admin
 * who sets their own password stays signed in here (and is told so) while their other sessions
 * end; anyone renames themself; admins rename others; nobody renames someone else otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signInRoute } from "../app/api/auth/signin/route";
import { GET as meRoute, PATCH as patchMeRoute } from "../app/api/auth/me/route";
import { PATCH as updateUserRoute } from "../app/api/admin/users/[id]/route";
import type { SignedIn, UpdatedUser } from "../lib/protocol/auth";
import { createUser } from "../server/domain/accounts";
import { publishServices } from "../server/services";
import { useDesk } from "./helpers/desk-fixture";
import { PROVIDERS } from "./helpers/databases";

const ORIGIN = "http://desk.test";
const headersOf = (extra: Record<string, string>) => ({ host: "desk.test", origin: ORIGIN, "content-type": "application/json", ...extra });
const cookieOf = (res: Response) => res.headers.get("set-cookie")!.split(";")[0];

describe.each(PROVIDERS)("own account (%s)", (provider) => {
  const ctx = useDesk(provider, { join: false });
  let adminId = "";
  let editorId = "";

  beforeAll(async () => {
    publishServices(ctx.desk.services);
    adminId = (await createUser(ctx.store, { email: "admin@self.test", name: "Admin", role: "admin", password: "first admin pass" }, null)).id;
    editorId = (await createUser(ctx.store, { email: "ed@self.test", name: "Ed", role: "editor", password: "editor password 1" }, null)).id;
  });
  afterAll(() => publishServices(undefined));

  async function signIn(email: string, password: string): Promise<{ cookie: string; csrfToken: string }> {
    const res = await signInRoute(new Request(`${ORIGIN}/api/auth/signin`, { method: "POST", headers: headersOf({}), body: JSON.stringify({ email, password }) }));
    expect(res.status).toBe(200);
    return { cookie: cookieOf(res), csrfToken: ((await res.json()) as SignedIn).csrfToken };
  }
  const me = (cookie: string) => meRoute(new Request(`${ORIGIN}/api/auth/me`, { headers: { host: "desk.test", cookie } }));
  const patchUser = (id: string, body: unknown, s: { cookie: string; csrfToken: string }) =>
    updateUserRoute(new Request(`${ORIGIN}/api/admin/users/${id}`, { method: "PATCH", headers: headersOf({ cookie: s.cookie, "x-csrf-token": s.csrfToken }), body: JSON.stringify(body) }), {
      params: Promise.resolve({ id }),
    });
  const patchMe = (body: unknown, s: { cookie: string; csrfToken: string }) =>
    patchMeRoute(new Request(`${ORIGIN}/api/auth/me`, { method: "PATCH", headers: headersOf({ cookie: s.cookie, "x-csrf-token": s.csrfToken }), body: JSON.stringify(body) }));

  it("an admin who sets their own password stays signed in here; their other sessions end", async () => {
    const here = await signIn("admin@self.test", "first admin pass");
    const laptop = await signIn("admin@self.test", "first admin pass");
    const res = await patchUser(adminId, { password: "a brand new password" }, here);
    expect(res.status).toBe(200);
    expect(((await res.json()) as UpdatedUser).sessionKept).toBe(true);
    expect((await me(here.cookie)).status).toBe(200); // the next click does not land on sign-in
    expect((await me(laptop.cookie)).status).toBe(401);
    // The new password is the one that works.
    await signIn("admin@self.test", "a brand new password");
  });

  it("an admin resetting someone else's password ends all of that person's sessions", async () => {
    const admin = await signIn("admin@self.test", "a brand new password");
    const ed = await signIn("ed@self.test", "editor password 1");
    const res = await patchUser(editorId, { password: "reset by admin 1" }, admin);
    expect(res.status).toBe(200);
    expect(((await res.json()) as UpdatedUser).sessionKept).toBeUndefined();
    expect((await me(ed.cookie)).status).toBe(401);
    expect((await me(admin.cookie)).status).toBe(200);
  });

  it("anyone renames themself; the new name is who they are from then on", async () => {
    const ed = await signIn("ed@self.test", "reset by admin 1");
    const res = await patchMe({ name: "  Edmund Reyes  " }, ed);
    expect(res.status).toBe(200);
    expect(((await res.json()) as SignedIn).user.name).toBe("Edmund Reyes");
    expect(((await (await me(ed.cookie)).json()) as SignedIn).user.name).toBe("Edmund Reyes");
    // Bad input: a clear error, nothing changed.
    const empty = await patchMe({ name: "   " }, ed);
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/name is required/);
    expect((await patchMe({ name: "x".repeat(41) }, ed)).status).toBe(400);
    expect((await patchMe({ name: "Ed", role: "admin" }, ed)).status).toBe(400); // no promoting oneself
    expect((await patchMe({ name: "No token" }, { ...ed, csrfToken: "wrong" })).status).toBe(403);
    expect(((await (await me(ed.cookie)).json()) as SignedIn).user).toMatchObject({ name: "Edmund Reyes", role: "editor" });
  });

  it("an admin renames someone else; an editor may not", async () => {
    const admin = await signIn("admin@self.test", "a brand new password");
    const res = await patchUser(editorId, { name: "Ed Ortega" }, admin);
    expect(res.status).toBe(200);
    expect(((await res.json()) as UpdatedUser).user.name).toBe("Ed Ortega");
    const ed = await signIn("ed@self.test", "reset by admin 1");
    expect((await patchUser(adminId, { name: "Not the admin" }, ed)).status).toBe(403);
    expect((await ctx.store.users.findById(adminId))?.name).toBe("Admin");
    expect((await ctx.store.users.findById(editorId))?.name).toBe("Ed Ortega");
  });
});
