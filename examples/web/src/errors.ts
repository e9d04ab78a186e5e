import { isRapportError } from '@rapport/sdk';

/**
 * A sentence for the person using the app. The server's messages are written
 * to be read by people, so they are shown as they are; an error without an
 * answer from the server is a network failure.
 */
export function describeError(error: unknown): string {
  if (isRapportError(error)) {
    // No `data` means no answer from the server arrived (offline, or the
    // dev server could not reach the Rapport server behind it).
    if (error.data === undefined || error.data === null) return 'Could not reach the server. Check your connection (and that `pnpm start` is running).';
    const fields = error.data.fieldErrors;
    if (fields) {
      const first = Object.entries(fields)[0];
      if (first !== undefined && first[1][0] !== undefined) return `${first[0]}: ${first[1][0]}`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
