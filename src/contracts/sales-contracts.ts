import { z } from 'zod';
import { isoDateTime, listQuery, versioned, isoDate } from './common.ts';
import { CONTRACT_STATUSES, currencySchema, fenSchema, paymentRecord, PAYMENT_METHODS } from './sales.ts';

/**
 * 合同与回款: sales contracts, their payment plans (回款计划: installments with a due date and an
 * amount) and the payments received (回款记录), each matched to installments. Amounts are integer
 * fen. Named `sales-contracts` so as not to be confused with this folder (API contracts).
 */

const text = (max: number) => z.string().trim().max(max);

export const contractStatusSchema = z.enum(CONTRACT_STATUSES);

/** The steps a user may take (expiry is the system's, after the end date). */
export const CONTRACT_USER_TARGETS = ['active', 'terminated'] as const;

export const contract = z
  .object({
    id: z.uuid(),
    number: z.string().meta({ description: 'HT2026001' }),
    title: z.string(),
    customerId: z.uuid(),
    customerName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    opportunityId: z.uuid().nullable(),
    opportunityName: z.string().nullable(),
    orderId: z.uuid().nullable(),
    orderNumber: z.string().nullable(),
    amountFen: z.number().int(),
    currency: currencySchema,
    receivedFen: z.number().int().meta({ description: 'Sum of the payments recorded' }),
    outstandingFen: z.number().int().meta({ description: 'amount − received while active or expired; 0 for drafts and terminated contracts' }),
    overdueFen: z.number().int().meta({ description: 'What installments due before today (business time zone) still lack' }),
    status: contractStatusSchema,
    signedOn: isoDate.nullable(),
    startsOn: isoDate.nullable(),
    endsOn: isoDate.nullable(),
    terms: z.string().nullable(),
    notes: z.string().nullable(),
    terminatedAt: isoDateTime.nullable(),
    terminationReason: z.string().nullable(),
    ownerId: z.uuid(),
    ownerName: z.string().nullable(),
    departmentId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Contract' });
export type Contract = z.infer<typeof contract>;

export const contractInstallment = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    dueOn: isoDate,
    amountFen: z.number().int(),
    receivedFen: z.number().int(),
    outstandingFen: z.number().int(),
    overdue: z.boolean().meta({ description: 'Due before today and not fully received' }),
    notes: z.string().nullable(),
  })
  .meta({ id: 'ContractInstallment' });
export type ContractInstallment = z.infer<typeof contractInstallment>;

export const contractPayment = paymentRecord
  .extend({
    allocations: z.array(z.object({ installmentId: z.uuid(), amountFen: z.number().int() })).meta({ description: 'How the payment was matched to installments' }),
  })
  .meta({ id: 'ContractPayment' });
export type ContractPayment = z.infer<typeof contractPayment>;

export const contractDetail = contract
  .extend({
    installments: z.array(contractInstallment),
    payments: z.array(contractPayment),
    plannedFen: z.number().int().meta({ description: 'Sum of the installments' }),
  })
  .meta({ id: 'ContractDetail' });
export type ContractDetail = z.infer<typeof contractDetail>;

const contractFields = {
  title: text(200).min(1),
  customerId: z.uuid(),
  contactId: z.uuid().nullable(),
  opportunityId: z.uuid().nullable(),
  orderId: z.uuid().nullable(),
  amountFen: fenSchema,
  currency: currencySchema,
  signedOn: isoDate.nullable(),
  startsOn: isoDate.nullable(),
  endsOn: isoDate.nullable().meta({ description: 'startsOn ≤ endsOn' }),
  terms: text(10000).nullable(),
  notes: text(5000).nullable(),
  ownerId: z.uuid().meta({ description: 'Defaults to the caller; the department is the owner’s' }),
};

export const createContractBody = z
  .object({
    title: contractFields.title,
    customerId: contractFields.customerId,
    contactId: contractFields.contactId.optional(),
    opportunityId: contractFields.opportunityId.optional(),
    orderId: contractFields.orderId.optional(),
    amountFen: contractFields.amountFen,
    currency: contractFields.currency.default('CNY'),
    signedOn: contractFields.signedOn.optional(),
    startsOn: contractFields.startsOn.optional(),
    endsOn: contractFields.endsOn.optional(),
    terms: contractFields.terms.optional(),
    notes: contractFields.notes.optional(),
    ownerId: contractFields.ownerId.optional(),
  })
  .strict()
  .meta({ id: 'CreateContract' });

/** The customer stays; everything else may change while the contract is draft or active. */
export const updateContractBody = z
  .object({
    title: contractFields.title,
    contactId: contractFields.contactId,
    opportunityId: contractFields.opportunityId,
    orderId: contractFields.orderId,
    amountFen: contractFields.amountFen,
    currency: contractFields.currency,
    signedOn: contractFields.signedOn,
    startsOn: contractFields.startsOn,
    endsOn: contractFields.endsOn,
    terms: contractFields.terms,
    notes: contractFields.notes,
    ownerId: contractFields.ownerId,
  })
  .partial()
  .extend(versioned.shape)
  .strict()
  .meta({ id: 'UpdateContract' });

export const contractStatusBody = versioned
  .extend({
    status: z.enum(CONTRACT_USER_TARGETS).meta({ description: 'active (needs a signed date) or terminated (needs a reason)' }),
    signedOn: isoDate.optional().meta({ description: 'Sets the signed date while activating' }),
    reason: text(1000).optional().meta({ description: 'Why it was terminated' }),
  })
  .strict()
  .meta({ id: 'ContractStatusChange' });

export const MAX_INSTALLMENTS = 120;

export const installmentInput = z
  .object({
    id: z.uuid().optional().meta({ description: 'An existing installment kept (with what it received); omitted for a new one' }),
    dueOn: isoDate,
    amountFen: fenSchema.min(1, { message: 'validation.positiveAmount' }),
    notes: text(500).nullable().optional(),
  })
  .strict();

export const replaceInstallmentsBody = z
  .object({ installments: z.array(installmentInput).max(MAX_INSTALLMENTS) })
  .strict()
  .meta({ id: 'ReplaceContractInstallments' });

export const recordPaymentBody = z
  .object({
    paidOn: isoDate,
    amountFen: fenSchema.min(1, { message: 'validation.positiveAmount' }),
    method: z.enum(PAYMENT_METHODS),
    reference: text(100).nullable().optional(),
    notes: text(1000).nullable().optional(),
    installmentId: z.uuid().nullable().optional().meta({ description: 'Matched to this installment first, then to the oldest unpaid ones' }),
  })
  .strict()
  .meta({ id: 'RecordContractPayment' });

const booleanText = z.enum(['true', 'false']);

export const listContractsQuery = listQuery.extend({
  status: contractStatusSchema.optional(),
  customerId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Number or title contains' }),
  endingWithinDays: z.coerce.number().int().min(0).max(3650).optional().meta({ description: 'Active contracts ending between today and today + N days' }),
  hasOverdue: booleanText.optional().meta({ description: 'true: with an installment due before today not fully received' }),
});

export const contractTotals = z
  .object({
    contractCount: z.number().int(),
    amountFen: z.number().int().meta({ description: 'Signed amount: contracts that are active, expired or terminated' }),
    receivedFen: z.number().int(),
    outstandingFen: z.number().int(),
    overdueFen: z.number().int(),
  })
  .meta({ id: 'ContractTotals' });
export type ContractTotals = z.infer<typeof contractTotals>;

export const paymentParams = z.object({ id: z.uuid(), paymentId: z.uuid() });
