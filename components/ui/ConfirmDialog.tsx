"use client";
/** A modal question before something that cannot be taken back from the desk (delete). */
import type { RefObject } from "react";

interface Props {
  dialogRef: RefObject<HTMLDialogElement | null>;
  title: string;
  detail: string;
  confirmLabel: string;
  onConfirm: () => void;
}

export function ConfirmDialog({ dialogRef, title, detail, confirmLabel, onConfirm }: Props) {
  return (
    <dialog ref={dialogRef} aria-label={title} className="m-auto rounded-lg p-5 shadow-xl backdrop:bg-slate-900/40">
      <h2 className="font-semibold">{title}</h2>
      <p className="mt-1 text-sm text-slate-600">{detail}</p>
      <form method="dialog" className="mt-4 flex justify-end gap-2">
        <button className="rounded px-3 py-1.5 text-sm hover:bg-slate-100">Cancel</button>
        <button
          type="button"
          onClick={() => {
            dialogRef.current?.close();
            onConfirm();
          }}
          className="rounded bg-red-600 px-3 py-1.5 text-sm font-medium text-white"
        >
          {confirmLabel}
        </button>
      </form>
    </dialog>
  );
}
