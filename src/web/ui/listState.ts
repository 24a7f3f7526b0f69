import { oneOf } from './listParams.ts';

/**
 * The parts of a list page's state that every list shares, as pure functions of the URL
 * values (strings anyone may have edited): sort, page size, shown columns, saved views.
 */

export type UrlValues = Partial<Record<string, string | undefined>>;
/** A URL patch: a value sets the key, null or '' removes it. */
export type UrlPatch = Record<string, string | null>;

/** The URL value of a sort: nothing for the default, so plain links stay short. */
export function sortParam<S extends string>(sort: S | undefined, defaultSort: S): S | null {
  return sort === undefined || sort === defaultSort ? null : sort;
}

/** The sort antd's table asks for (a column key and a direction), if the list offers it. */
export function sortOfTable<S extends string>(sorts: readonly S[], columnKey: unknown, order: 'ascend' | 'descend' | null | undefined): S | undefined {
  if (typeof columnKey !== 'string' || !order) return undefined;
  return oneOf(sorts, `${order === 'descend' ? '-' : ''}${columnKey}`);
}

export function sizeParam(size: number, defaultSize: number): string | null {
  return size === defaultSize ? null : String(size);
}

/** The query string "clear filters" leaves: the kept keys (a view switch, the sort, the page size) and nothing else. */
export function clearedSearch(params: URLSearchParams, keep: readonly string[]): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of params) if (keep.includes(key)) out.append(key, value);
  return out;
}

/** Whether any of `keys` holds a value in the parsed filter (an undefined or empty value is no filter). */
export function hasActiveFilter(filter: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
  return countActiveFilters(filter, keys) > 0;
}

export function countActiveFilters(filter: Readonly<Record<string, unknown>>, keys: readonly string[]): number {
  return keys.filter((k) => filter[k] !== undefined && filter[k] !== null && filter[k] !== '').length;
}

/** The columns a list can show: all of them in display order, those shown by default, those that cannot be hidden. */
export type ColumnSpec<C extends string = string> = {
  keys: readonly C[];
  defaults: readonly C[];
  required?: readonly C[];
};

/** The columns to show for a `cols` URL value: the default when unset; required ones always; the list's own order. */
export function visibleColumns<C extends string>(spec: ColumnSpec<C>, cols: string | undefined): C[] {
  if (!cols) return [...spec.defaults];
  const chosen = new Set<string>(cols.split(','));
  for (const c of spec.required ?? []) chosen.add(c);
  return spec.keys.filter((c) => chosen.has(c));
}

/** The `cols` URL value for a choice of columns: nothing when it is the default. */
export function colsParam<C extends string>(spec: ColumnSpec<C>, columns: readonly string[]): string | null {
  const ordered = spec.keys.filter((c) => columns.includes(c) || (spec.required ?? []).includes(c));
  return ordered.join(',') === spec.defaults.join(',') ? null : ordered.join(',');
}

/** A column shown or hidden, starting from the columns shown now. */
export function toggleColumn<C extends string>(spec: ColumnSpec<C>, cols: string | undefined, key: C, shown: boolean): string | null {
  const now = visibleColumns(spec, cols);
  return colsParam(spec, shown ? [...now, key] : now.filter((c) => c !== key));
}

/** What a saved view keeps of a list (the shape of the views API, declared structurally so `ui` needs no module). */
export type ViewConfigLike = {
  filters: Record<string, string | number | boolean | string[]>;
  columns: string[];
  sort: string | null;
};

/** The saved-view config of the current list: its parsed filters, shown columns and sort (none when default). */
export function toViewConfig(
  filter: Readonly<Record<string, unknown>>,
  filterKeys: readonly string[],
  columns: readonly string[],
  sort: string | undefined,
  defaultSort: string | undefined,
): ViewConfigLike {
  const filters: ViewConfigLike['filters'] = {};
  for (const key of filterKeys) {
    const v = filter[key];
    if (typeof v === 'string' || typeof v === 'number') filters[key] = v;
  }
  return { filters, columns: [...columns], sort: sort === undefined || sort === defaultSort ? null : sort };
}

/**
 * The URL patch that shows a saved view: every filter key is set or cleared, so nothing from
 * before lingers; the page size stays as it is; `view` is left for the caller to set.
 */
export function fromViewConfig(
  config: ViewConfigLike,
  filterKeys: readonly string[],
  options: { sorts?: readonly string[]; columns?: ColumnSpec },
): UrlPatch {
  const out: UrlPatch = {};
  for (const key of filterKeys) {
    const v = config.filters[key];
    out[key] = typeof v === 'string' || typeof v === 'number' ? String(v) : Array.isArray(v) ? v.join(',') : null;
  }
  if (options.sorts) out.sort = config.sort && oneOf(options.sorts, config.sort) ? config.sort : null;
  const spec = options.columns;
  if (spec) out.cols = config.columns.length ? colsParam(spec, config.columns.filter((c) => (spec.keys).includes(c))) : null;
  return out;
}
