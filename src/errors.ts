/** The message of a thrown value, whatever was thrown (an Error or anything else). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
