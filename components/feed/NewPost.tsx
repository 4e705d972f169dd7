"use client";
/**
 * The live editor's composer: text plus what a live post can carry (headline, card, key point,
 * photo, social/video link, co-authors, a time to publish). Built for speed: Ctrl/Cmd+Enter posts
 * from any field, slash commands (/key, /quote, /photo, /embed, /schedule) act without the mouse,
 * and after posting everything resets and the keyboard is back in an empty text box.
 */
import { useRef, useState } from "react";
import type { Ack, Card, LiveUpdate, PostUpdate } from "@/lib/protocol";
import { FeedComposer, HeadlineField } from "./FeedComposer";
import { PhotoField, type PhotoControls, type UploadedPhoto } from "./PhotoField";

export type PostExtras = Omit<PostUpdate, "body">;

/** The id of the composer's text box: the desk's skip link and its shortcut (Alt+Shift+L) land there. */
export const COMPOSER_BOX_ID = "live-composer";

interface Props {
  cards: Card[];
  online: boolean;
  needsApproval: boolean;
  mayManage: boolean;
  csrfToken?: string;
  post: (body: string, extras: PostExtras) => Promise<Ack<LiveUpdate>>;
}

const field = "rounded border border-slate-300 px-1.5 py-1 text-xs";

export function NewPost({ cards, online, needsApproval, mayManage, csrfToken, post }: Props) {
  const [headline, setHeadline] = useState("");
  const [cardId, setCardId] = useState("");
  const [keyEvent, setKeyEvent] = useState(false);
  const [embedUrl, setEmbedUrl] = useState("");
  const [coAuthors, setCoAuthors] = useState("");
  const [scheduleAt, setScheduleAt] = useState("");
  const [photo, setPhoto] = useState<UploadedPhoto | null>(null);
  const [photoKey, setPhotoKey] = useState(0);
  const [quoteRequest, setQuoteRequest] = useState(0);
  const embedInput = useRef<HTMLInputElement>(null);
  const scheduleInput = useRef<HTMLInputElement>(null);
  const photoControls = useRef<PhotoControls | null>(null);

  function reset() {
    setHeadline("");
    setCardId("");
    setKeyEvent(false);
    setEmbedUrl("");
    setCoAuthors("");
    setScheduleAt("");
    setPhoto(null);
    setPhotoKey((k) => k + 1);
  }

  function slash(name: string): boolean {
    switch (name) {
      case "key":
        setKeyEvent((k) => !k);
        return true;
      case "quote":
        setQuoteRequest((n) => n + 1);
        return true;
      case "photo":
        photoControls.current?.open();
        return true;
      case "embed":
        embedInput.current?.focus();
        return true;
      case "schedule":
        if (!mayManage) return false;
        scheduleInput.current?.focus();
        return true;
      default:
        return false;
    }
  }

  async function submit(html: string): Promise<Ack<LiveUpdate>> {
    if (photo && !photo.alt.trim()) {
      return { ok: false, error: { code: "VALIDATION_FAILED", message: "Describe the photo (alt text) before posting." } };
    }
    if (photo?.uploading) return { ok: false, error: { code: "VALIDATION_FAILED", message: "The photo is still uploading." } };
    const names = coAuthors.split(",").map((n) => n.trim()).filter(Boolean);
    const ack = await post(html, {
      cardId: cardId || null,
      keyEvent,
      ...(headline.trim() ? { headline: headline.trim() } : {}),
      ...(embedUrl.trim() ? { embedUrl: embedUrl.trim() } : {}),
      ...(names.length ? { coAuthors: names } : {}),
      ...(scheduleAt ? { scheduleAt: new Date(scheduleAt).toISOString() } : {}),
      ...(photo?.key ? { photo: { key: photo.key, alt: photo.alt.trim(), caption: photo.caption.trim() || undefined, credit: photo.credit.trim() || undefined } } : {}),
    });
    if (ack.ok) reset();
    return ack;
  }

  return (
    <div
      onPaste={(e) => {
        const file = Array.from(e.clipboardData.files).find((f) => f.type.startsWith("image/"));
        if (file && photoControls.current) {
          e.preventDefault();
          photoControls.current.take(file);
        }
      }}
    >
      <FeedComposer
        label="New live update"
        submitLabel={scheduleAt ? "Schedule update" : "Post update"}
        disabled={!online}
        onSubmit={submit}
        onSlash={slash}
        boxId={COMPOSER_BOX_ID}
        quoteRequest={quoteRequest}
        before={<HeadlineField value={headline} onChange={setHeadline} />}
      >
        <div className="flex flex-wrap items-center gap-3 text-xs">
          <label className="flex items-center gap-1">
            About
            <select value={cardId} onChange={(e) => setCardId(e.target.value)} className="max-w-40 rounded border border-slate-300 px-1 py-0.5">
              <option value="">no card</option>
              {cards.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={keyEvent} onChange={(e) => setKeyEvent(e.target.checked)} /> Key event
          </label>
        </div>
        <PhotoField key={photoKey} csrfToken={csrfToken} photo={photo} onChange={setPhoto} controlsRef={photoControls} />
        <div className="grid gap-1.5 text-xs sm:grid-cols-2">
          <label className="flex flex-col gap-0.5">
            Link or post from X, YouTube, Instagram, Bluesky, TikTok, Vimeo
            <input ref={embedInput} type="url" inputMode="url" value={embedUrl} onChange={(e) => setEmbedUrl(e.target.value)} placeholder="https://" className={field} />
          </label>
          <label className="flex flex-col gap-0.5">
            Co-authors (comma-separated)
            <input value={coAuthors} onChange={(e) => setCoAuthors(e.target.value)} className={field} />
          </label>
          {mayManage && (
            <label className="flex flex-col gap-0.5">
              Publish at (optional)
              <input ref={scheduleInput} type="datetime-local" value={scheduleAt} onChange={(e) => setScheduleAt(e.target.value)} className={field} />
            </label>
          )}
        </div>
        <p className="text-[11px] text-slate-600">
          Ctrl+Enter posts. Type /key, /quote, /photo, /embed{mayManage ? " or /schedule" : ""} then Space; end a quote with a line “— Name”.
          {needsApproval ? " An editor approves your post before readers see it." : ""}
        </p>
      </FeedComposer>
    </div>
  );
}
