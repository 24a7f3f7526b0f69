/** Escapes LIKE's wildcards so user input matches literally (`50%` finds "50%", not "500"). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The LIKE pattern for "contains this text". */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
