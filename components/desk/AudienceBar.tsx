"use client";
/**
 * Readers right now, as the server counts them every few seconds across its processes
 * (`story:audience`, server/public/audience.ts): on the live page, in each card's embeds, and by
 * partner site. Counts only; nobody is identified.
 */
import { useEffect, useState } from "react";
import type { AudienceReport, Card } from "@/lib/protocol";
import type { DeskSocket } from "./desk-socket";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export function AudienceBar({ socket, storyId, cards }: { socket: DeskSocket | null; storyId: string; cards: readonly Pick<Card, "id" | "title">[] }) {
  const [audience, setAudience] = useState<AudienceReport | null>(null);
  useEffect(() => {
    if (!socket) return;
    const onAudience = (report: AudienceReport) => {
      if (report.storyId === storyId) setAudience(report);
    };
    socket.on("story:audience", onAudience);
    return () => {
      socket.off("story:audience", onAudience);
    };
  }, [socket, storyId]);

  const live = audience?.live ?? 0;
  const embeds = audience?.embeds ?? 0;
  const title = (id: string) => cards.find((c) => c.id === id)?.title ?? "a card";
  return (
    <details className="text-xs text-slate-600" data-testid="audience">
      <summary className="cursor-pointer select-none">
        <span className="font-semibold text-slate-700">Readers now:</span> {plural(live, "on the live page", "on the live page")} ·{" "}
        {plural(embeds, "in embeds", "in embeds")}
      </summary>
      {audience && (audience.cards.length > 0 || audience.sites.length > 0) ? (
        <div className="mt-1 grid gap-2 sm:grid-cols-2">
          <ul aria-label="Readers by card">
            {audience.cards.map((c) => (
              <li key={c.cardId}>
                {title(c.cardId)}: {c.readers.toLocaleString("en-GB")}
              </li>
            ))}
          </ul>
          <ul aria-label="Readers by partner site">
            {audience.sites.map((s) => (
              <li key={s.origin}>
                {s.origin}: {s.readers.toLocaleString("en-GB")}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="mt-1">No embeds are being read right now.</p>
      )}
    </details>
  );
}
