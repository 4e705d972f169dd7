/** Zod issues as one message per field (the first), for forms that show errors under each field. */
export function fieldErrors<F extends string>(issues: readonly { path: readonly PropertyKey[]; message: string }[], fields: readonly F[]): Partial<Record<F, string>> {
  const found: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === "string" && (fields as readonly string[]).includes(field) && !found[field as F]) found[field as F] = issue.message;
  }
  return found;
}
