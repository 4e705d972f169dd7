/** An update whose `where` matched no row rejects with P2025; that is an answer, not a failure. */
export async function nullIfMissing<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (err) {
    if (isPrismaError(err, "P2025")) return null;
    throw err;
  }
}

export function isPrismaError(err: unknown, code: string): boolean {
  return (err as { code?: string } | null)?.code === code;
}
