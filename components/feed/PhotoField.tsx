"use client";
/**
 * A photo for a live post: picked, dropped or pasted, uploaded at once (POST /api/photos, which
 * processes it on the server), previewed, with alt text (required before posting), caption and
 * credit. The server's refusal (not an image, too large, SVG…) is shown as it says it.
 */
import { useEffect, useRef, useState, type RefObject } from "react";
import { CSRF_HEADER } from "@/lib/protocol";
import { PHOTO_LIMITS } from "@/lib/protocol/photos";

export interface UploadedPhoto {
  /** Null while uploading. */
  key: string | null;
  uploading: boolean;
  preview: string | null;
  name: string;
  alt: string;
  caption: string;
  credit: string;
}

/** What the composer drives from the keyboard (/photo) and the clipboard. */
export interface PhotoControls {
  open(): void;
  take(file: File): void;
}

interface Props {
  csrfToken?: string;
  photo: UploadedPhoto | null;
  onChange: (photo: UploadedPhoto | null) => void;
  controlsRef: RefObject<PhotoControls | null>;
}

const field = "rounded border border-slate-300 px-1.5 py-1 text-xs";

export function PhotoField({ csrfToken, photo, onChange, controlsRef }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const alt = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  async function upload(file: File) {
    setError(null);
    if (file.size > PHOTO_LIMITS.maxBytes) return setError(`The photo is larger than ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB.`);
    const pending: UploadedPhoto = { key: null, uploading: true, preview: null, name: file.name, alt: "", caption: "", credit: "" };
    onChange(pending);
    try {
      const res = await fetch("/api/photos", {
        method: "POST",
        body: file,
        headers: { "Content-Type": "application/octet-stream", ...(csrfToken ? { [CSRF_HEADER]: csrfToken } : {}) },
      });
      const data = (await res.json().catch(() => null)) as { key?: string; preview?: string; error?: { message: string } } | null;
      if (!res.ok || !data?.key) {
        onChange(null);
        return setError(data?.error?.message ?? `The upload failed (${res.status}).`);
      }
      onChange({ ...pending, key: data.key, uploading: false, preview: data.preview ?? null });
      // Alt text is required: the keyboard goes there next.
      requestAnimationFrame(() => alt.current?.focus());
    } catch {
      onChange(null);
      setError("The upload failed: check the connection and try again.");
    }
  }

  useEffect(() => {
    controlsRef.current = { open: () => input.current?.click(), take: (file) => void upload(file) };
  });

  return (
    <div
      className={`rounded border border-dashed p-2 text-xs ${over ? "border-blue-500 bg-blue-50" : "border-slate-300"}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        const file = e.dataTransfer.files[0];
        setOver(false);
        if (!file) return;
        e.preventDefault();
        void upload(file);
      }}
      data-testid="photo-field"
    >
      {!photo && (
        <label className="flex cursor-pointer items-center gap-2">
          <span className="rounded border border-slate-300 bg-white px-2 py-1">Add photo</span>
          <span className="text-slate-600">or drop / paste one here</span>
          <input ref={input} type="file" accept="image/*" className="sr-only" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
        </label>
      )}
      {photo && <input ref={input} type="file" accept="image/*" className="hidden" tabIndex={-1} aria-hidden="true" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />}
      {photo && (
        <div className="flex gap-2">
          {photo.preview ? (
            // A preview of the processed photo, from our own server.
            // eslint-disable-next-line @next/next/no-img-element
            <img src={photo.preview} alt="" className="h-16 w-16 rounded object-cover" />
          ) : (
            <div className="flex h-16 w-16 items-center justify-center rounded bg-slate-100 text-slate-500" role="status">
              Uploading…
            </div>
          )}
          <div className="grid flex-1 gap-1">
            <input ref={alt} aria-label="Alt text (required)" placeholder="Alt text (required): what the photo shows" value={photo.alt} onChange={(e) => onChange({ ...photo, alt: e.target.value })} className={field} required aria-required="true" />
            <input aria-label="Caption (optional)" placeholder="Caption (optional)" value={photo.caption} onChange={(e) => onChange({ ...photo, caption: e.target.value })} className={field} />
            <div className="flex gap-1">
              <input aria-label="Credit (optional)" placeholder="Credit (optional)" value={photo.credit} onChange={(e) => onChange({ ...photo, credit: e.target.value })} className={`${field} flex-1`} />
              <button type="button" onClick={() => onChange(null)} className="rounded px-2 text-slate-700 hover:bg-slate-100" aria-label={`Remove photo ${photo.name}`}>
                Remove
              </button>
            </div>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-1 text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
