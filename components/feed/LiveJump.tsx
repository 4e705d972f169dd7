"use client";
/**
 * Getting to the live composer fast: a skip link (first in the desk's tab order), the shortcut
 * Alt+Shift+L from anywhere on the desk, and on phones and tablets (below 1024 px, where the
 * feed comes after every card) a tab bar fixed at the bottom (Cards | Live): the composer is one
 * tap away.
 */
import { useEffect } from "react";
import { COMPOSER_BOX_ID } from "./NewPost";

export const FEED_SECTION_ID = "live-feed-panel";
const CARDS_SECTION_ID = "desk-cards";

/** Scrolls to the live panel and puts the keyboard in the composer (or on the panel for viewers). */
export function jumpToComposer(): void {
  const box = document.getElementById(COMPOSER_BOX_ID);
  const panel = document.getElementById(FEED_SECTION_ID);
  (box ?? panel)?.scrollIntoView({ block: "center" });
  if (box) box.focus();
  else panel?.focus();
}

export function LiveJump() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && (e.key === "L" || e.key === "l" || e.code === "KeyL")) {
        e.preventDefault();
        jumpToComposer();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <>
      <a
        href={`#${FEED_SECTION_ID}`}
        onClick={(e) => {
          e.preventDefault();
          jumpToComposer();
        }}
        aria-keyshortcuts="Alt+Shift+L"
        className="sr-only focus:not-sr-only focus:absolute focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to the live composer (Alt+Shift+L)
      </a>
      <nav aria-label="Desk sections" className="fixed inset-x-0 bottom-0 z-40 flex border-t border-slate-300 bg-white lg:hidden" data-testid="desk-tabs">
        <a href={`#${CARDS_SECTION_ID}`} className="flex-1 py-3 text-center text-sm font-medium text-slate-800">
          Cards
        </a>
        <button type="button" onClick={jumpToComposer} className="flex-1 border-l border-slate-300 py-3 text-center text-sm font-semibold text-red-800">
          Live
        </button>
      </nav>
    </>
  );
}

export { CARDS_SECTION_ID };
