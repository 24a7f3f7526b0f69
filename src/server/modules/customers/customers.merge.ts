import type { z } from 'zod';
import { CUSTOMER_SENSITIVE_FIELDS, type Customer, type MergeableField, type mergeCustomersBody } from '../../../contracts/customers.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission, requireSensitiveWrite } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { businessRule, notFound } from '../../platform/errors.ts';
import { pinyinKeys } from '../../platform/search/pinyin.ts';
import { normaliseCompanyName } from './customers.rules.ts';
import type { CustomerRecord, CustomerValues } from './customers.queries.ts';
import { CUSTOMER_CHILDREN, CUSTOMER_TYPED_REFERENCES, lockMergePair, tombstone, updateSurvivor } from './customers.merge.queries.ts';
import { customerTimeline, getCustomer } from './customers.service.ts';

const FIELD_COLUMNS: Record<MergeableField, (keyof CustomerRecord)[]> = {
  name: ['name', 'nameKey', 'namePinyin', 'nameInitials'],
  kind: ['kind'],
  grade: ['grade'],
  industryCode: ['industryCode'],
  employeeSize: ['employeeSize'],
  annualRevenue: ['annualRevenue'],
  creditCode: ['creditCode'],
  provinceCode: ['provinceCode', 'cityCode', 'districtCode', 'region'],
  address: ['address'],
  sourceChannel: ['sourceChannel'],
  sourceDetail: ['sourceDetail'],
  firstContactDate: ['firstContactDate'],
  stage: ['stage'],
  needs: ['needs'],
  decisionChain: ['decisionChain'],
  budgetNotes: ['budgetNotes'],
  decisionNotes: ['decisionNotes'],
  ownerId: ['ownerId', 'departmentId', 'ownedSince'],
};

/**
 * Folds `mergedId` into `survivorId`: the chosen values win field by field, every child record
 * moves to the survivor, and the merged record stays as a tombstone pointing to it. One
 * transaction; both records must be in the caller's scope.
 */
export async function mergeCustomers(deps: Deps, ctx: Ctx, input: z.infer<typeof mergeCustomersBody>): Promise<Customer> {
  requirePermission(ctx.actor, 'customer', 'update');
  requirePermission(ctx.actor, 'customer', 'delete');
  if (input.survivorId === input.mergedId) throw businessRule('customer.mergeSelf');
  // Keeping the survivor's value writes nothing; taking the merged record's overwrites it.
  const overwritten = Object.fromEntries(Object.entries(input.take).filter(([, side]) => side === 'merged')) as Partial<Record<MergeableField, 'merged'>>;
  requireSensitiveWrite(ctx.actor, overwritten, [...CUSTOMER_SENSITIVE_FIELDS], (f) => `take.${f}`);
  await deps.db.transaction(async (tx) => {
    const rows = await lockMergePair(tx, ctx.actor, [input.survivorId, input.mergedId]);
    const survivor = rows.find((r) => r.id === input.survivorId);
    const merged = rows.find((r) => r.id === input.mergedId);
    if (!survivor || !merged) throw notFound('customer');

    const values: CustomerValues = { updatedAt: ctx.now };
    const taken: Record<string, [unknown, unknown]> = {};
    for (const [field, side] of Object.entries(input.take) as [MergeableField, 'survivor' | 'merged'][]) {
      if (side !== 'merged') continue;
      for (const column of FIELD_COLUMNS[field]) (values as Record<string, unknown>)[column] = merged[column];
      taken[field] = [survivor[field as keyof typeof survivor], merged[field as keyof typeof merged]];
    }
    if (values.name) {
      const pinyin = pinyinKeys(values.name, { person: (values.kind ?? survivor.kind) === 'individual' });
      Object.assign(values, { nameKey: normaliseCompanyName(values.name).key, namePinyin: pinyin.full, nameInitials: pinyin.initials });
    }
    const lastFollowUp = [survivor.lastFollowUpAt, merged.lastFollowUpAt].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
    if (lastFollowUp) values.lastFollowUpAt = lastFollowUp;

    // The tombstone first, so a credit code taken over from it is free on the survivor.
    await tombstone(tx, merged.id, survivor.id, ctx.now);
    await updateSurvivor(tx, survivor.id, values);
    for (const child of CUSTOMER_CHILDREN) await child.move(tx, merged.id, survivor.id);
    for (const ref of CUSTOMER_TYPED_REFERENCES) await ref.move(tx, merged.id, survivor.id);
    await customerTimeline(tx, ctx.actor.userId, ctx.now, survivor.id, 'customer.merged', { mergedNumber: merged.number, mergedName: merged.name });

    await writeAudit(tx, ctx, {
      action: 'update',
      entityType: 'customer',
      entityId: survivor.id,
      entityLabel: `${survivor.number} ${values.name ?? survivor.name}`,
      before: { mergedFrom: null, ...Object.fromEntries(Object.entries(taken).map(([k, v]) => [k, v[0]])) },
      after: { mergedFrom: `${merged.number} ${merged.name}`, ...Object.fromEntries(Object.entries(taken).map(([k, v]) => [k, v[1]])) },
      sensitive: CUSTOMER_SENSITIVE_FIELDS,
    });
    await writeAudit(tx, ctx, {
      action: 'delete',
      entityType: 'customer',
      entityId: merged.id,
      entityLabel: `${merged.number} ${merged.name}`,
      before: { mergedInto: null },
      after: { mergedInto: `${survivor.number} ${values.name ?? survivor.name}` },
    });
  });
  return getCustomer(deps, ctx, input.survivorId);
}
