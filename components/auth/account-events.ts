/**
 * The header's account menu is rendered with the page; a role or name changed live reaches the
 * desk through its socket. The desk announces what it learnt, and the menu follows, without a
 * reload (which would also tear down the desk's live connection).
 */
import type { Role } from "@/lib/protocol";

const EVENT = "newsdesk:account-changed";
export interface AccountChange {
  name: string;
  role: Role;
}

export function announceAccount(change: AccountChange): void {
  window.dispatchEvent(new CustomEvent<AccountChange>(EVENT, { detail: change }));
}

export function onAccountChange(listener: (change: AccountChange) => void): () => void {
  const handler = (e: Event) => listener((e as CustomEvent<AccountChange>).detail);
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}
