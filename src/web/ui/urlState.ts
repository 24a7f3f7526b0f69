import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { clearedSearch } from './listState.ts';

/**
 * The query string as the browser has it now. react-router hands a functional update the
 * search params of the last render, and its navigations render in a transition: a change made
 * before that render lands (a search typed right after "clear filters") would bring back what
 * the first change removed. The browser's URL is updated at once.
 */
function latestParams(rendered: URLSearchParams): URLSearchParams {
  return typeof window === 'undefined' ? rendered : new URLSearchParams(window.location.search);
}

/**
 * List filters kept in the URL query string, so a filtered list survives reload, can be
 * shared as a link, and the back button steps through earlier filters. `clearFilters` empties
 * the query string except the `keepOnClear` keys.
 */
export function useUrlFilters<K extends string>(keys: readonly K[], options: { keepOnClear?: readonly string[] } = {}) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => {
    const out = {} as Record<K, string | undefined>;
    for (const key of keys) out[key] = params.get(key) ?? undefined;
    return out;
  }, [params, keys]);

  const setFilters = useCallback(
    (
      patch: Partial<Record<K, string | null | undefined>> | ((current: Record<K, string | undefined>) => Partial<Record<K, string | null | undefined>>),
      options: { replace?: boolean } = {},
    ) => {
      setParams(
        (rendered) => {
          const prev = latestParams(rendered);
          const next = new URLSearchParams(prev);
          // A function patch sees the URL as it is now too, so quick successive changes (two
          // checkboxes ticked fast) build on each other.
          const current = {} as Record<K, string | undefined>;
          for (const key of keys) current[key] = prev.get(key) ?? undefined;
          const changes = typeof patch === 'function' ? patch(current) : patch;
          for (const [key, value] of Object.entries<string | null | undefined>(changes)) {
            if (value === undefined || value === null || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setParams, keys],
  );

  const keep = options.keepOnClear ?? [];
  // Compared by content: a page may pass a new array each render.
  const keepKey = keep.join();
  const clearFilters = useCallback(() => {
    setParams((rendered) => clearedSearch(latestParams(rendered), keepKey ? keepKey.split(',') : []), { replace: false });
  }, [setParams, keepKey]);

  return { values, setFilters, clearFilters };
}
