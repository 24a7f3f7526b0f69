/** The rule itself lives with the generic form pieces; most forms still import it from here. */
export { zodRule } from '../ui/zodRule.ts';

/** Form inputs give "" for a cleared text box; the API wants null for "no value". */
export function emptyToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
