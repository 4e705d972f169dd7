"use client";
/**
 * The frame of the desk's larger dialogs (publish, history, embed): a native modal <dialog>, so
 * focus stays inside, Escape closes it and the page behind is inert. It opens when mounted and
 * tells its owner when it closed, so the owner simply stops rendering it.
 */
import { useEffect, useId, useRef, type ReactNode } from "react";

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Wider frame for side-by-side content (history). */
  wide?: boolean;
  testId?: string;
}

export function DeskDialog({ title, onClose, children, wide = false, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    // Not closed on unmount: the element leaves the page, and a close event fired during
    // React's development double-run would close it for good.
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid={testId}
      // A nested dialog (a confirmation) closing must not close this one.
      onClose={(e) => e.target === e.currentTarget && onClose()}
      className={`m-auto max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] rounded-lg p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 ${
        wide ? "max-w-5xl" : "max-w-xl"
      }`}
    >
      <div className="sticky top-0 z-10 flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h2 id={titleId} className="font-semibold leading-snug">
          {title}
        </h2>
        <button
          type="button"
          aria-label="Close"
          onClick={() => ref.current?.close()}
          className="rounded px-2 py-1 text-lg leading-none text-slate-500 hover:bg-slate-100"
        >
          ×
        </button>
      </div>
      <div className="px-5 py-4">{children}</div>
    </dialog>
  );
}
