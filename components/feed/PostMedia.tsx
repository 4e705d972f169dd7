"use client";
/**
 * The desk's view of a post's photo and social/video link, and of a scheduled post's time. The
 * desk never loads a platform's frame or script: it shows which post is attached and a link.
 */
import { useEffect, useState } from "react";
import { formatClock } from "@/lib/format/time";
import type { LiveUpdate } from "@/lib/protocol";
import { photoPath, storedWidths } from "@/lib/protocol/photos";
import { parseSocialEmbed, PROVIDER_NAMES } from "@/lib/protocol/social-embeds";

/** An ISO time as the value of a `datetime-local` input, in the browser's zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "in 4 min 05 s", "in 2 h 10 min", or "publishing…" once due. */
export function countdownText(ms: number): string {
  if (ms <= 0) return "publishing…";
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `in ${s} s`;
  if (s < 3600) return `in ${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `in ${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function Countdown({ at }: { at: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <span data-testid="scheduled-for" className="rounded bg-blue-100 px-1 font-medium text-blue-900" title={new Date(at).toString()}>
      Scheduled {formatClock(at)} · {countdownText(Date.parse(at) - now)}
    </span>
  );
}

export function PostMedia({ update }: { update: LiveUpdate }) {
  const embed = update.embedUrl ? parseSocialEmbed(update.embedUrl) : null;
  if (!update.photo && !embed) return null;
  return (
    <div className="mt-1 space-y-1 text-xs text-slate-600">
      {update.photo && (
        <figure className="flex items-center gap-2">
          {/* eslint-disable-next-line @next/next/no-img-element -- a stored size from our own server */}
          <img src={photoPath(update.photo.key, storedWidths(update.photo.width)[0], "jpg")} alt={update.photo.alt} width={64} height={Math.round((64 * update.photo.height) / update.photo.width)} className="rounded" />
          <figcaption>{[update.photo.caption, update.photo.credit].filter(Boolean).join(" · ") || update.photo.alt}</figcaption>
        </figure>
      )}
      {embed && (
        <p>
          {PROVIDER_NAMES[embed.provider]} post:{" "}
          <a href={embed.url} target="_blank" rel="noopener noreferrer" className="text-blue-700 underline">
            {embed.url}
          </a>
        </p>
      )}
    </div>
  );
}
