/** Escapes LIKE's wildcards so user input matches literally (`50%` finds "50%", not "500"). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The LIKE pattern for "contains this text". */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/**
 * Whether case can matter for `text` in ILIKE: it has a letter with an upper- and a lower-case
 * form. Without one (Chinese, digits), LIKE finds the same rows for much less: ILIKE lower-cases
 * every value it tests, which under an ICU collation cost ~4 µs a name.
 */
export function hasCase(text: string): boolean {
  return text.toLowerCase() !== text.toUpperCase();
}
