import { PAGE_SIZES } from './CursorPager.tsx';

/** Reading list state back from the URL, where anyone may have typed anything. */

/** The value when it is one of `list`, else undefined. */
export function oneOf<T extends string>(list: readonly T[], value: string | undefined): T | undefined {
  return (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}

export function asPageSize(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : fallback;
}

/** antd's sort order of a column from a `field` / `-field` sort key. */
export function sortOrderOf(sort: string, field: string): 'ascend' | 'descend' | null {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}
