/**
 * Whether a form's values differ from the ones it opened with, as a user would see it: an
 * emptied text box is no change from "no value", and dates compare by their instant.
 */

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Dates (and dayjs values, which have the same `valueOf`) compare by the time they hold. */
function timeOf(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'object' && value !== null && 'isValid' in value && 'valueOf' in value && typeof value.valueOf === 'function') {
    const n: unknown = value.valueOf();
    return typeof n === 'number' ? n : null;
  }
  return null;
}

export function sameFormValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  const ta = timeOf(a);
  const tb = timeOf(b);
  if (ta !== null || tb !== null) return ta === tb;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameFormValue(v, b[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameFormValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

/** The top-level fields whose value differs from the initial one. */
export function changedFields(initial: Readonly<Record<string, unknown>>, current: Readonly<Record<string, unknown>>): string[] {
  const keys = new Set([...Object.keys(initial), ...Object.keys(current)]);
  return [...keys].filter((k) => !sameFormValue(initial[k], current[k]));
}
