/**
 * The compare-and-set retry every card write goes through: load, plan, write only if the card is
 * still at the version that was read; on a lost race, plan again against the new state (which
 * may now be a conflict). The retry is what makes "never overwrite silently" hold under load.
 */
import type { CardRecord } from "../store/types";
import { toCard } from "./dto";
import { DomainError } from "./errors";

/** How many times a command is re-planned when another write lands between read and write. */
export const CAS_ATTEMPTS = 5;

/**
 * Runs `attempt` until it returns a result; it returns null when its compare-and-set lost a race.
 * After CAS_ATTEMPTS lost races, refuses with CONFLICT, carrying the card as `current` loads it.
 */
export async function retryCompareAndSet<T>(
  attempt: () => Promise<T | null>,
  current: () => Promise<CardRecord>,
): Promise<T> {
  for (let i = 0; i < CAS_ATTEMPTS; i++) {
    const result = await attempt();
    if (result !== null) return result;
  }
  throw new DomainError("CONFLICT", "The card is changing too fast; try again.", { current: toCard(await current()) });
}
