import { RFM_CLASSES } from '../../../contracts/customer-value.ts';
import { CUSTOMER_SORTS } from '../../../contracts/customers.ts';
import { CHANNEL_KEY_PATTERN, CUSTOMER_KINDS, LEAD_GRADES, LIFECYCLE_STAGES, SALES_REGIONS } from '../../../contracts/vocabulary.ts';
import { oneOf } from '../../ui/listParams.ts';
import type { ColumnSpec, UrlValues as ListUrlValues } from '../../ui/listState.ts';
import type { CustomerListQuery } from './customers.api.ts';

/**
 * The customer list's filters as kept in the URL (strings), turned into the API query. Pure, so
 * it is unit-tested; sort, columns and saved views are the list scaffold's (ui/listState.ts).
 */
export const FILTER_KEYS = [
  'q', 'kind', 'stage', 'grade', 'industryCode', 'region', 'sourceChannel', 'tagIds', 'tagMatch', 'ownerId', 'departmentId',
  'createdFrom', 'createdTo', 'lastFollowUpFrom', 'lastFollowUpTo', 'noFollowUpDays', 'needsFollowUp', 'rfmClass',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type UrlValues = ListUrlValues & Partial<Record<FilterKey, string | undefined>>;

export type Sort = (typeof CUSTOMER_SORTS)[number];
export const DEFAULT_SORT: Sort = '-createdAt';

/** Every column the list can show, in display order; `name` cannot be hidden. */
const COLUMN_KEYS = [
  'number', 'name', 'stage', 'grade', 'industry', 'region', 'sourceChannel', 'owner', 'department', 'tags', 'lastFollowUpAt', 'createdAt', 'updatedAt',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];
export const COLUMNS: ColumnSpec<ColumnKey> = {
  keys: COLUMN_KEYS,
  defaults: ['number', 'name', 'stage', 'industry', 'region', 'owner', 'tags', 'lastFollowUpAt', 'createdAt'],
  required: ['name'],
};

/** Filters the "more filters" panel holds: the toggle shows how many are set. */
export const MORE_FILTER_KEYS: readonly FilterKey[] = ['kind', 'grade', 'rfmClass', 'sourceChannel', 'createdFrom', 'createdTo', 'lastFollowUpFrom', 'lastFollowUpTo', 'noFollowUpDays', 'needsFollowUp'];

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
    sourceChannel: values.sourceChannel && CHANNEL_KEY_PATTERN.test(values.sourceChannel) ? values.sourceChannel : undefined,
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
    rfmClass: oneOf(RFM_CLASSES, values.rfmClass),
    sort: oneOf(CUSTOMER_SORTS, values.sort) ?? DEFAULT_SORT,
  };
}

export function activeFilterCount(values: UrlValues, keys: readonly FilterKey[] = FILTER_KEYS): number {
  const query = toListQuery(values) as Record<string, unknown>;
  return keys.filter((k) => k !== 'tagMatch' && query[k] !== undefined).length;
}
