import { z } from 'zod';
import { isoDateTime, listQuery, versioned, isoDate } from './common.ts';
import { MAIL_STATUSES } from './mail.ts';
import { currencySchema, lineItem, lineItemInput, QUOTE_STATUSES, type QuoteStatus } from './sales.ts';

/**
 * 报价单 (quotes): a priced offer made from an opportunity, sent to the customer as a PDF.
 * A quote is seen by whoever sees its opportunity. Statuses: draft → sent → accepted | rejected;
 * a sent quote past its validity becomes expired (a daily job). Only drafts are edited.
 */

const text = (max: number) => z.string().trim().max(max);

/** Which status each status may go to (the server enforces it; the UI offers these actions). */
export const QUOTE_TRANSITIONS: Record<QuoteStatus, readonly QuoteStatus[]> = {
  draft: ['sent'],
  sent: ['accepted', 'rejected', 'expired'],
  accepted: [],
  rejected: [],
  expired: [],
};

export const quote = z
  .object({
    id: z.uuid(),
    number: z.string().meta({ description: 'Like BJ2026001' }),
    opportunityId: z.uuid(),
    opportunityName: z.string(),
    customerId: z.uuid(),
    customerName: z.string(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    title: z.string(),
    status: z.enum(QUOTE_STATUSES),
    quoteDate: isoDate,
    validUntil: isoDate,
    terms: z.string().nullable(),
    notes: z.string().nullable(),
    currency: currencySchema,
    subtotalFen: z.number().int(),
    discountFen: z.number().int(),
    netFen: z.number().int(),
    taxFen: z.number().int(),
    totalFen: z.number().int(),
    ownerId: z.uuid(),
    ownerName: z.string().nullable(),
    departmentId: z.uuid().nullable(),
    sentAt: isoDateTime.nullable(),
    decidedAt: isoDateTime.nullable().meta({ description: 'When it was accepted or rejected' }),
    attachmentId: z.uuid().nullable().meta({ description: 'The PDF attached to the opportunity when it was sent' }),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Quote' });
export type Quote = z.infer<typeof quote>;

export const quoteDetail = quote
  .extend({
    items: z.array(lineItem),
    order: z
      .object({ id: z.uuid(), number: z.string() })
      .nullable()
      .meta({ description: 'The order made from this accepted quote (not cancelled), if any: one accepted quote, one order' }),
  })
  .meta({ id: 'QuoteDetail' });
export type QuoteDetail = z.infer<typeof quoteDetail>;

const items = z.array(lineItemInput).min(1).max(500);

export const createQuoteBody = z
  .object({
    opportunityId: z.uuid(),
    title: text(200).min(1).optional().meta({ description: 'Defaults to the opportunity name' }),
    validUntil: isoDate.meta({ description: 'Last day the offer stands; not before the quote date (today)' }),
    terms: text(4000).nullable().optional(),
    notes: text(2000).nullable().optional(),
    contactId: z.uuid().nullable().optional().meta({ description: 'A contact of the customer; defaults to the opportunity contact' }),
    items: items.optional().meta({ description: 'Omitted: the opportunity’s lines are copied as they are priced there' }),
  })
  .strict();
export type CreateQuoteBody = z.input<typeof createQuoteBody>;

/** Only a draft may be changed (422 otherwise). */
export const updateQuoteBody = versioned
  .extend({
    title: text(200).min(1).optional(),
    validUntil: isoDate.optional(),
    terms: text(4000).nullable().optional(),
    notes: text(2000).nullable().optional(),
    contactId: z.uuid().nullable().optional(),
    items: items.optional().meta({ description: 'Replaces every line' }),
  })
  .strict();
export type UpdateQuoteBody = z.input<typeof updateQuoteBody>;

/** Body of the status actions (accept, reject): the version the caller saw. */
export const quoteActionBody = versioned.strict();

/**
 * 发送报价单: the draft becomes sent, its PDF is filed with the opportunity and, unless `mail` is
 * false, e-mailed to the contact through the outbox (发件箱).
 */
export const quoteSendBody = versioned
  .extend({
    mail: z.boolean().default(true).meta({ description: 'false: only mark it sent (handed over another way); no mail is written' }),
    contactId: z.uuid().optional().meta({ description: 'Who receives it (a contact of the customer with an e-mail address); defaults to the quote’s contact. Becomes the quote’s contact, printed on the PDF' }),
    subject: text(200).min(1).optional().meta({ description: 'Defaults to the subject of GET /quotes/{id}/mail-draft' }),
    message: text(5000).min(1).optional().meta({ description: 'The mail’s text; defaults to the text of GET /quotes/{id}/mail-draft' }),
    ccOwner: z.boolean().default(true).meta({ description: 'Send a copy (Cc) to the quote’s owner, when they have an e-mail address' }),
  })
  .strict();
export type QuoteSendBody = z.input<typeof quoteSendBody>;

export const quoteMailDraftQuery = z.object({
  contactId: z.uuid().optional().meta({ description: 'The contact to write to; defaults to the quote’s contact' }),
});

/** What 发送报价单 would send, for the send dialog to show and edit. */
export const quoteMailDraft = z
  .object({
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    to: z.string().nullable().meta({ description: 'The contact’s e-mail address; null when the contact has none (sending then answers 400)' }),
    cc: z.string().nullable().meta({ description: 'The owner’s e-mail address, copied unless ccOwner is false; null when they have none' }),
    subject: z.string(),
    message: z.string(),
  })
  .meta({ id: 'QuoteMailDraft' });
export type QuoteMailDraft = z.infer<typeof quoteMailDraft>;

/** The sent quote, with the mail written to the outbox (null when `mail` was false). */
export const quoteSendResult = quoteDetail
  .extend({
    mail: z
      .object({ id: z.uuid(), to: z.string(), cc: z.array(z.string()), status: z.enum(MAIL_STATUSES).meta({ description: '`unsent` when no SMTP server is configured: the mail stays in the outbox' }) })
      .nullable(),
  })
  .meta({ id: 'QuoteSendResult' });
export type QuoteSendResult = z.infer<typeof quoteSendResult>;

/** Whether 公司信息 is filled in: without it the quotes' letterhead reads “Kehu”. */
export const quoteLetterhead = z
  .object({
    configured: z.boolean(),
    companyName: z.string().meta({ description: 'What the letterhead prints' }),
  })
  .meta({ id: 'QuoteLetterhead' });
export type QuoteLetterhead = z.infer<typeof quoteLetterhead>;

export const listQuotesQuery = listQuery.extend({
  opportunityId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  status: z.enum(QUOTE_STATUSES).optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Number or title contains' }),
});
export type ListQuotesQuery = z.input<typeof listQuotesQuery>;

/** 公司信息: printed at the head of quotes (admin setting `company.profile`). */
export const companyProfile = z
  .object({
    name: text(100).min(1),
    address: text(200).default(''),
    phone: text(40).default(''),
    email: text(100).default(''),
  })
  .strict()
  .meta({ id: 'CompanyProfile' });
export type CompanyProfile = z.infer<typeof companyProfile>;
export const DEFAULT_COMPANY_PROFILE: CompanyProfile = { name: 'Kehu', address: '', phone: '', email: '' };
