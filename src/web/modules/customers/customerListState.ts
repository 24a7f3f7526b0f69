import { CUSTOMER_SORTS } from '../../../contracts/customers.ts';
import { CUSTOMER_KINDS, LEAD_CHANNELS, LEAD_GRADES, LIFECYCLE_STAGES, SALES_REGIONS } from '../../../contracts/vocabulary.ts';
import type { ViewConfig } from '../../../contracts/views.ts';
import { oneOf } from '../../ui/listParams.ts';
import type { CustomerListQuery } from './customers.api.ts';

/**
 * The customer list's state as kept in the URL (strings), turned into the API query and into a
 * saved view's config and back. Pure, so the round trips are unit-tested.
 */
export const FILTER_KEYS = [
  'q', 'kind', 'stage', 'grade', 'industryCode', 'region', 'sourceChannel', 'tagIds', 'tagMatch', 'ownerId', 'departmentId',
  'createdFrom', 'createdTo', 'lastFollowUpFrom', 'lastFollowUpTo', 'noFollowUpDays', 'needsFollowUp',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/** `view` is the saved view last applied (shown as the current view's name). */
export const URL_KEYS = [...FILTER_KEYS, 'sort', 'size', 'cols', 'view'] as const;
export type UrlKey = (typeof URL_KEYS)[number];
export type UrlValues = Partial<Record<UrlKey, string | undefined>>;

export type Sort = (typeof CUSTOMER_SORTS)[number];
export const DEFAULT_SORT: Sort = '-createdAt';

/** Every column the list can show, in display order; `name` cannot be hidden. */
export const COLUMN_KEYS = [
  'number', 'name', 'stage', 'grade', 'industry', 'region', 'sourceChannel', 'owner', 'department', 'tags', 'lastFollowUpAt', 'createdAt', 'updatedAt',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];
export const DEFAULT_COLUMNS: readonly ColumnKey[] = ['number', 'name', 'stage', 'industry', 'region', 'owner', 'tags', 'lastFollowUpAt', 'createdAt'];
const REQUIRED_COLUMNS: readonly ColumnKey[] = ['name'];

/** Filters the "more filters" panel holds: the toggle shows how many are set. */
export const MORE_FILTER_KEYS: readonly FilterKey[] = ['kind', 'grade', 'sourceChannel', 'createdFrom', 'createdTo', 'lastFollowUpFrom', 'lastFollowUpTo', 'noFollowUpDays', 'needsFollowUp'];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function date(value: string | undefined): string | undefined {
  return value && ISO_DATE.test(value) ? value : undefined;
}
function uuid(value: string | undefined): string | undefined {
  return value && UUID.test(value) ? value : undefined;
}

export function tagIdsOf(values: UrlValues): string[] {
  return (values.tagIds ?? '').split(',').filter((id) => UUID.test(id));
}

/**
 * The API query for the URL values. Values a hand-edited URL gets wrong are dropped rather than
 * sent, so a stale link shows the list instead of an error.
 */
export function toListQuery(values: UrlValues): Omit<CustomerListQuery, 'limit' | 'cursor'> {
  const tagIds = tagIdsOf(values);
  const days = Number(values.noFollowUpDays);
  return {
    q: values.q || undefined,
    kind: oneOf(CUSTOMER_KINDS, values.kind),
    stage: oneOf(LIFECYCLE_STAGES, values.stage),
    grade: oneOf(LEAD_GRADES, values.grade),
    industryCode: values.industryCode && /^[A-Z]{2,8}$/.test(values.industryCode) ? values.industryCode : undefined,
    region: oneOf(SALES_REGIONS, values.region),
    sourceChannel: oneOf(LEAD_CHANNELS, values.sourceChannel),
    tagIds: tagIds.length ? tagIds.join(',') : undefined,
    tagMatch: tagIds.length > 1 && values.tagMatch === 'all' ? 'all' : undefined,
    ownerId: uuid(values.ownerId),
    departmentId: uuid(values.departmentId),
    createdFrom: date(values.createdFrom),
    createdTo: date(values.createdTo),
    lastFollowUpFrom: date(values.lastFollowUpFrom),
    lastFollowUpTo: date(values.lastFollowUpTo),
    noFollowUpDays: Number.isInteger(days) && days >= 1 && days <= 3650 ? days : undefined,
    needsFollowUp: values.needsFollowUp === 'true' ? 'true' : undefined,
    sort: oneOf(CUSTOMER_SORTS, values.sort) ?? DEFAULT_SORT,
  };
}

export function activeFilterCount(values: UrlValues, keys: readonly FilterKey[] = FILTER_KEYS): number {
  const query = toListQuery(values) as Record<string, unknown>;
  return keys.filter((k) => k !== 'tagMatch' && query[k] !== undefined).length;
}

export function visibleColumns(values: UrlValues): ColumnKey[] {
  if (!values.cols) return [...DEFAULT_COLUMNS];
  const chosen = new Set(values.cols.split(',').filter((c): c is ColumnKey => (COLUMN_KEYS as readonly string[]).includes(c)));
  for (const c of REQUIRED_COLUMNS) chosen.add(c);
  return COLUMN_KEYS.filter((c) => chosen.has(c));
}

/** The URL value for a column choice: nothing when it is the default, so plain links stay short. */
export function colsValue(columns: readonly ColumnKey[]): string | null {
  const ordered = COLUMN_KEYS.filter((c) => columns.includes(c) || REQUIRED_COLUMNS.includes(c));
  return ordered.join(',') === DEFAULT_COLUMNS.join(',') ? null : ordered.join(',');
}

/** What a saved view keeps of the current list. */
export function toViewConfig(values: UrlValues): ViewConfig {
  const query = toListQuery(values) as Record<string, unknown>;
  const filters: Record<string, string | number> = {};
  for (const key of FILTER_KEYS) {
    const v = query[key];
    if (typeof v === 'string' || typeof v === 'number') filters[key] = v;
  }
  return { filters, columns: visibleColumns(values), sort: query.sort === DEFAULT_SORT ? null : (query.sort as string) };
}

/** The URL values that show a saved view: every filter key is set or cleared, so nothing from before lingers. */
export function fromViewConfig(config: ViewConfig, current: UrlValues): Record<UrlKey, string | null> {
  const out = {} as Record<UrlKey, string | null>;
  for (const key of FILTER_KEYS) {
    const v = config.filters[key];
    out[key] = typeof v === 'string' || typeof v === 'number' ? String(v) : Array.isArray(v) ? v.join(',') : null;
  }
  out.sort = config.sort && oneOf(CUSTOMER_SORTS, config.sort) ? config.sort : null;
  out.cols = config.columns.length ? colsValue(config.columns.filter((c): c is ColumnKey => (COLUMN_KEYS as readonly string[]).includes(c))) : null;
  out.size = current.size ?? null;
  out.view = null;
  return out;
}
