/** The signed-in user of a page request (server components), from the session cookie. */
import { cookies } from "next/headers";
import { cache } from "react";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, type SignedIn } from "@/lib/protocol/auth";
import { getServices } from "@/server/services";

/** Memoised per request: the layout, the metadata and the page all ask, the database once. */
export const currentSession = cache(async (): Promise<SignedIn | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const session = await getServices().accounts.resolveSession(token);
  return session && { user: session.user, csrfToken: session.csrfToken };
});

/** The session, or a redirect to the sign-in page that comes back to `nextPath`. */
export async function requireSession(nextPath: string): Promise<SignedIn> {
  const session = await currentSession();
  if (!session) redirect(`/signin?next=${encodeURIComponent(nextPath)}`);
  return session;
}
