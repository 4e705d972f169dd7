import { getServices } from "@/server/registry";
import { json } from "../_lib/respond";

export const dynamic = "force-dynamic";

/** GET /api/health — 200 when the database answers, 503 otherwise. */
export async function GET() {
  const { store } = getServices();
  const started = Date.now();
  try {
    await store.ping();
    return json({ status: "ok", database: { provider: store.provider, status: "ok", ms: Date.now() - started } });
  } catch {
    return json({ status: "error", database: { provider: store.provider, status: "unreachable" } }, 503);
  }
}
