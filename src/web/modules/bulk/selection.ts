/** What a bulk action or an export of selected rows names: the rows, or the list's filter (pure, unit-tested). */

/** The list's filter without paging, as the bulk endpoints take it. */
export function filterOf(query: object): Record<string, unknown> {
  const { limit: _limit, cursor: _cursor, ...filter } = query as Record<string, unknown>;
  return filter;
}

/**
 * What a bulk action works on: the selected rows, or (after "select all N matching") the list's
 * filter, which the server evaluates again within the user's scope.
 */
export function selectionOf(rows: readonly { id: string }[], matching: number | null, filter: object): { ids: string[] } | { filter: Record<string, unknown> } {
  if (matching !== null) {
    // Empty values mean "no filter": left out, as the list's query string leaves them out.
    const clean = Object.fromEntries(Object.entries(filterOf(filter)).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    return { filter: clean };
  }
  return { ids: rows.map((r) => r.id) };
}

/** The export query of the same records: the list's filter after "select all N matching", else the selected ids. */
export function exportQueryOf(rows: readonly { id: string }[], matching: number | null, filter: object): object {
  if (matching !== null) return filterOf(filter);
  const { sort } = filter as { sort?: string };
  return { ids: rows.map((r) => r.id).join(','), sort };
}
