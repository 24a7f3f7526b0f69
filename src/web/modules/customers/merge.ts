import { MERGEABLE_FIELDS, type Customer, type MergeableField } from '../../../contracts/customers.ts';
import type { MergeCustomersBody } from './customers.api.ts';

/** What the merge screen compares of a customer: the mergeable fields and the rest of the address path. */
export type MergeSide = Pick<Customer, 'id' | 'cityCode' | 'districtCode'> & Partial<Pick<Customer, MergeableField>>;
export type Side = 'survivor' | 'merged';
export type MergeChoices = Partial<Record<MergeableField, Side>>;

/** The value a field stands for; `provinceCode` carries the whole address path, as the API moves it. */
export function fieldValue(c: MergeSide, field: MergeableField): unknown {
  if (field === 'provinceCode') return [c.provinceCode ?? null, c.cityCode, c.districtCode];
  return c[field];
}

/**
 * The fields on which the two records differ, in the contract's order. A sensitive field hidden
 * from the caller is absent on both sides, so it never differs and is never offered.
 */
export function differingFields(survivor: MergeSide, merged: MergeSide): MergeableField[] {
  return MERGEABLE_FIELDS.filter((f) => JSON.stringify(fieldValue(survivor, f) ?? null) !== JSON.stringify(fieldValue(merged, f) ?? null));
}

/** The request: only the differing fields whose winner is the merged record are named (the rest keep the survivor's). */
export function mergeBody(survivor: MergeSide, merged: MergeSide, choices: MergeChoices): MergeCustomersBody {
  const take: MergeChoices = {};
  for (const field of differingFields(survivor, merged)) if (choices[field] === 'merged') take[field] = 'merged';
  return { survivorId: survivor.id, mergedId: merged.id, take };
}

/**
 * Choices after swapping which record survives: a value chosen before stays chosen, so the
 * side that held it flips.
 */
export function swapChoices(choices: MergeChoices, fields: readonly MergeableField[]): MergeChoices {
  const out: MergeChoices = {};
  for (const field of fields) out[field] = (choices[field] ?? 'survivor') === 'survivor' ? 'merged' : 'survivor';
  return out;
}
