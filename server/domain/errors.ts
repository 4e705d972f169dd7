/**
 * Typed errors with stable codes. Only DomainError messages reach clients; anything else is
 * logged and answered with a generic INTERNAL error, so internals never leak.
 */
import type { AckError, ErrorCode } from "../../lib/protocol/events";
import type { Card, Story } from "../../lib/protocol/schemas";
import type { ZodError } from "zod";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { current?: Card; currentStory?: Story; field?: string } = {},
  ) {
    super(message);
    this.name = "DomainError";
  }

  toAckError(): AckError {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} was not found`);

/** The first zod issue, in words an editor understands, naming the field. */
export function validationError(error: ZodError): DomainError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "Invalid input";
  return new DomainError("VALIDATION_FAILED", message, field ? { field } : {});
}
