import { useState } from 'react';

/**
 * Keyset pagination state: the API gives a cursor for the next page only, so the pages seen
 * so far are a stack of cursors. Going back pops it; a new filter (resetKey) starts over.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: resetKey,
    cursors: [undefined],
  });
  const cursors = state.key === resetKey ? state.cursors : [undefined];
  if (state.key !== resetKey) setState({ key: resetKey, cursors });

  return {
    page: cursors.length,
    cursor: cursors[cursors.length - 1],
    hasPrev: cursors.length > 1,
    next: (cursor: string) => setState({ key: resetKey, cursors: [...cursors, cursor] }),
    prev: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
    reset: () => setState({ key: resetKey, cursors: [undefined] }),
  };
}

/** How many rows a list has: exact, or the server's estimate (more than it counts exactly). */
export type ListTotal = { total: number; isEstimate: boolean };

/**
 * The list's total as its first page gave it. The server counts on the first page only, so the
 * first page's total is kept while paging on; the first page of other filters replaces it.
 */
export function useListTotal(page: { total?: number; totalIsEstimate?: boolean } | undefined): ListTotal | null {
  const [kept, setKept] = useState<ListTotal | null>(null);
  const fresh = page?.total !== undefined ? { total: page.total, isEstimate: page.totalIsEstimate === true } : null;
  if (fresh && (fresh.total !== kept?.total || fresh.isEstimate !== kept.isEstimate)) setKept(fresh);
  return fresh ?? kept;
}
