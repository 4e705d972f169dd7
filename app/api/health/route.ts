import { json } from "../_lib/respond";

export const dynamic = "force-dynamic";

/**
 * GET /api/health — liveness: 200 while the process answers HTTP at all. It deliberately checks
 * nothing else: a database or Redis outage must not make an orchestrator restart every process
 * (they keep serving what they can and recover by themselves). Readiness is /api/ready.
 */
export async function GET() {
  return json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
}
