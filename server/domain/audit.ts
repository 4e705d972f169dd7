/**
 * The audit log: who changed what and when. Domain operations record an entry after their write
 * succeeded; a failure to record is logged loudly but does not undo or fail the change itself
 * (the change is already stored and acknowledged to nobody yet — refusing it now would lie).
 */
import type { AuditAction, AuditEntry } from "../../lib/protocol/audit";
import { AUDIT_PAGE } from "../../lib/protocol/audit";
import { loggerFor } from "../logger";
import type { AuditRecord, DeskStore } from "../store/types";

const log = loggerFor("audit");

export interface AuditActor {
  id?: string | null;
  name: string;
}

/** Shortens a value for a summary line. */
export const quote = (s: string, max = 60) => JSON.stringify(s.length > max ? `${s.slice(0, max - 1)}…` : s);

export async function record(
  store: DeskStore,
  actor: AuditActor,
  action: AuditAction,
  where: { storyId?: string | null; cardId?: string | null },
  summary: string,
): Promise<void> {
  try {
    await store.audit.append({
      actorId: actor.id ?? null,
      actorName: actor.name,
      action,
      storyId: where.storyId ?? null,
      cardId: where.cardId ?? null,
      summary,
    });
  } catch (err) {
    log.error({ err, action, ...where }, "audit entry not recorded");
  }
}

export function toAuditEntry(r: AuditRecord): AuditEntry {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action as AuditAction,
    storyId: r.storyId,
    cardId: r.cardId,
    summary: r.summary,
  };
}

export async function listAudit(
  store: DeskStore,
  filter: { storyId: string; cardId?: string; before?: number },
): Promise<AuditEntry[]> {
  const rows = await store.audit.list({ ...filter, limit: AUDIT_PAGE });
  return rows.map(toAuditEntry);
}
