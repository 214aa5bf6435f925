/** Most characters of an input value a message quotes; a binary file must not become a 50 kB line. */
export const QUOTE_LIMIT = 60;

/**
 * An input value quoted for a one-line message: JSON string escapes (control characters and line breaks
 * visible), at most `limit` characters of the value, then `…` and its length, e.g.
 * `"\u0000\u0012ELF…" (50,000 characters)`.
 */
export function quoteInput(value: string, limit = QUOTE_LIMIT): string {
  const chars = [...value];
  if (chars.length <= limit) return JSON.stringify(value);
  return `${JSON.stringify(chars.slice(0, limit).join(''))}… (${chars.length.toLocaleString('en-US')} characters)`;
}
