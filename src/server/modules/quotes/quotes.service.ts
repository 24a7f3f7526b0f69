import type { z } from 'zod';
import type { TimelineKind } from '../../../contracts/timeline.ts';
import { formatFen } from '../../../contracts/money.ts';
import {
  companyProfile,
  DEFAULT_COMPANY_PROFILE,
  type createQuoteBody,
  type listQuotesQuery,
  type Quote,
  type QuoteDetail,
  type QuoteLetterhead,
  type QuoteMailDraft,
  type quoteMailDraftQuery,
  type quoteSendBody,
  type QuoteSendResult,
  type updateQuoteBody,
} from '../../../contracts/quotes.ts';
import type { DocumentTotals, LineItem, QuoteStatus } from '../../../contracts/sales.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor, Ctx } from '../../platform/access/actor.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { fewMatches } from '../../platform/search/candidates.ts';
import { AppError, businessRule, invalid, notFound, versionConflict } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { defineJsonSetting } from '../../platform/settings/settings.ts';
import { kickMail, queueMail } from '../../platform/mail/outbox.ts';
import { publishTimeline } from '../../platform/timeline/timeline.ts';
import { insertStoredAttachment, withStoredFile } from '../attachments/index.ts';
import { contactOfCustomer } from '../contacts/index.ts';
import { nextDocumentNumber } from '../numbering/index.ts';
import { copyLines, type PricedLine, priceLines, type StoredLine, toLineItem, totalsOf } from '../products/index.ts';
import { renderQuotePdf } from './quotes.pdf.ts';
import * as q from './quotes.queries.ts';
import { businessDate } from '../../platform/clock.ts';
import { companyProfileMissing, printedPhone, quoteEditable, quoteMailCc, quoteMailDraft, quoteTransition } from './quotes.rules.ts';
import { requireVisibleOpportunity } from '../opportunities/index.ts';

/**
 * 报价单: quotes made from opportunities. A quote is seen and changed by whoever sees its
 * opportunity (and has the quote permission); it takes its customer, owner, department and
 * currency from the opportunity. Numbers (BJ2026001) are drawn in the creating transaction.
 */

function toQuote(row: q.QuoteRow): Quote {
  const r = row.quote;
  return {
    id: r.id,
    number: r.number,
    opportunityId: r.opportunityId,
    opportunityName: row.opportunityName,
    customerId: r.customerId,
    customerName: row.customerName,
    contactId: r.contactId,
    contactName: row.contactName,
    title: r.title,
    status: r.status,
    quoteDate: r.quoteDate,
    validUntil: r.validUntil,
    terms: r.terms,
    notes: r.notes,
    currency: r.currency,
    subtotalFen: r.subtotalFen,
    discountFen: r.discountFen,
    netFen: r.netFen,
    taxFen: r.taxFen,
    totalFen: r.totalFen,
    ownerId: r.ownerId,
    ownerName: row.ownerName,
    departmentId: r.departmentId,
    sentAt: r.sentAt?.toISOString() ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    attachmentId: r.attachmentId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

function toDetail(row: q.QuoteRow, lines: readonly StoredLine[], order: QuoteDetail['order'] = null): QuoteDetail {
  return { ...toQuote(row), items: lines.map(toLineItem), order };
}

/** The order made from the quote: only an accepted quote has one. */
async function orderOf(db: DbOrTx, row: q.QuoteRow): Promise<QuoteDetail['order']> {
  return row.quote.status === 'accepted' ? q.liveOrderOf(db, row.quote.id) : null;
}

/** What the audit log keeps of a quote: its facts and one readable line per item. */
function auditView(d: QuoteDetail) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, items, opportunityName: _o, customerName: _cn, contactName: _k, ownerName: _on, order: _or, ...rest } = d;
  return { ...rest, items: items.map(lineText) };
}

function lineText(l: LineItem): string {
  return `${l.sku ? `${l.sku} ` : ''}${l.name} × ${l.quantity}${l.unit ?? ''} @ ${formatFen(l.unitPriceFen)} −${l.discountPercent}% +${l.taxRatePercent}% = ${formatFen(l.totalFen)}`;
}

const restrictedTo = (r: { ownerId: string; departmentId: string | null }) => ({ ownerId: r.ownerId, departmentId: r.departmentId });
const timelineParams = (d: Pick<Quote, 'number' | 'title' | 'totalFen' | 'currency'>) => ({ number: d.number, title: d.title, totalFen: d.totalFen, currency: d.currency });

/**
 * 报价单 `id` if `actor` may see it (its opportunity in scope, neither deleted), else 404 — or
 * with `opts.path` the 400 of a missing body reference (see FindOptions).
 */
export async function requireVisibleQuote(db: DbOrTx, actor: Actor, id: string, opts: FindOptions = {}): Promise<q.QuoteRow> {
  const row = await q.findQuote(db, id, actor, opts.lock);
  if (!row) throw notVisible('quote', opts);
  return row;
}

async function loadDetail(db: DbOrTx, id: string): Promise<QuoteDetail> {
  // UNSCOPED: re-reads the quote this transaction just wrote (after the scoped check or the insert).
  const row = await q.findQuote(db, id, UNSCOPED);
  if (!row) throw notFound('quote');
  return toDetail(row, await q.quoteLines(db, id), await orderOf(db, row));
}

export async function listQuotes(deps: Deps, ctx: Ctx, query: z.infer<typeof listQuotesQuery>) {
  requirePermission(ctx.actor, 'quote', 'read');
  if (query.opportunityId) await requireVisibleOpportunity(deps.db, ctx.actor, query.opportunityId);
  const matchIds = query.q ? await fewMatches(deps.db, q.quoteSearchBranches(query.q)) : null;
  const filters = { ...query, matchIds: matchIds ?? undefined };
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listQuotes(deps.db, { viewer: ctx.actor, filters, sort: q.newestQuotesFirst, cursor: query.cursor, limit: query.limit }), () =>
    q.countQuotes(deps.db, { viewer: ctx.actor, filters, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.quote.createdAt, r.quote.id], toQuote), ...total };
}

export async function getQuote(deps: Deps, ctx: Ctx, id: string): Promise<QuoteDetail> {
  requirePermission(ctx.actor, 'quote', 'read');
  const row = await requireVisibleQuote(deps.db, ctx.actor, id);
  return toDetail(row, await q.quoteLines(deps.db, id), await orderOf(deps.db, row));
}

function checkValidity(validUntil: string, quoteDate: string) {
  if (validUntil < quoteDate) throw invalid([{ path: 'validUntil', key: 'quote.validUntilBeforeQuoteDate', params: { quoteDate } }]);
}

async function checkContact(db: DbOrTx, contactId: string | null | undefined, customerId: string) {
  if (contactId && !(await contactOfCustomer(db, contactId, customerId))) throw invalid([{ path: 'contactId', key: 'NOT_FOUND', params: { entity: 'contact' } }]);
}

export async function createQuote(deps: Deps, ctx: Ctx, input: z.infer<typeof createQuoteBody>): Promise<QuoteDetail> {
  requirePermission(ctx.actor, 'quote', 'create');
  const { o: opp, stageKind } = await requireVisibleOpportunity(deps.db, ctx.actor, input.opportunityId, { path: 'opportunityId' });
  if (stageKind === 'lost') throw businessRule('quote.opportunityLost', { name: opp.name });
  const quoteDate = businessDate(ctx.now, deps.config.timeZone);
  checkValidity(input.validUntil, quoteDate);
  const contactId = input.contactId !== undefined ? input.contactId : opp.contactId;
  await checkContact(deps.db, input.contactId, opp.customerId);

  let lines: PricedLine[];
  let totals: DocumentTotals;
  if (input.items) {
    ({ lines, totals } = await priceLines(deps.db, input.items, { currency: opp.currency }));
  } else {
    const source = await q.opportunityLines(deps.db, opp.id);
    if (source.length === 0) throw invalid([{ path: 'items', key: 'quote.itemsRequired' }]);
    lines = copyLines(source);
    totals = totalsOf(source);
  }

  return deps.db.transaction(async (tx) => {
    const number = await nextDocumentNumber(tx, 'quote', ctx.now, deps.config.timeZone);
    const id = await q.insertQuote(tx, {
      number,
      opportunityId: opp.id,
      customerId: opp.customerId,
      contactId,
      title: input.title ?? opp.name,
      quoteDate,
      validUntil: input.validUntil,
      terms: input.terms ?? null,
      notes: input.notes ?? null,
      currency: opp.currency,
      ...totals,
      ownerId: opp.ownerId,
      departmentId: opp.departmentId,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await q.replaceLines(tx, id, lines);
    const created = await loadDetail(tx, id);
    await publishTimeline(tx, { kind: 'quote.created', customerId: opp.customerId, occurredAt: ctx.now, actorId: ctx.actor.userId, entityType: 'quote', entityId: id, params: timelineParams(created), restrictedTo: restrictedTo(opp) });
    await writeAudit(tx, ctx, { action: 'create', entityType: 'quote', entityId: id, entityLabel: number, after: auditView(created) });
    return created;
  });
}

/** A draft's title, validity, terms, notes, contact and lines; any other status answers 422. */
export async function updateQuote(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateQuoteBody>): Promise<QuoteDetail> {
  requirePermission(ctx.actor, 'quote', 'update');
  const row = await requireVisibleQuote(deps.db, ctx.actor, id);
  const b = row.quote;
  if (!quoteEditable(b.status)) throw businessRule('quote.notEditable', { number: b.number, status: b.status });
  if (input.validUntil !== undefined) checkValidity(input.validUntil, b.quoteDate);
  if (input.contactId !== undefined) await checkContact(deps.db, input.contactId, b.customerId);
  const beforeLines = await q.quoteLines(deps.db, id);
  const values: q.QuoteValues = { updatedAt: ctx.now };
  for (const key of ['title', 'validUntil', 'terms', 'notes', 'contactId'] as const) {
    if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
  }
  let lines: PricedLine[] | null = null;
  if (input.items) {
    // Products already on the quote stay allowed though retired since (their prices as entered).
    const keep = new Set(beforeLines.map((l) => l.productId).filter((p): p is string => !!p));
    const priced = await priceLines(deps.db, input.items, { currency: b.currency, keepProductIds: keep });
    lines = priced.lines;
    Object.assign(values, priced.totals);
  }
  const before = toDetail(row, beforeLines);
  return deps.db.transaction(async (tx) => {
    if (!(await q.updateQuote(tx, id, input.version, values))) throw versionConflict();
    if (lines) await q.replaceLines(tx, id, lines);
    const after = await loadDetail(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'quote', entityId: id, entityLabel: b.number, before: auditView(before), after: auditView(after) });
    return after;
  });
}

export async function deleteQuote(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'quote', 'delete');
  const row = await requireVisibleQuote(deps.db, ctx.actor, id);
  if (!quoteEditable(row.quote.status)) throw businessRule('quote.notDeletable', { number: row.quote.number, status: row.quote.status });
  const before = toDetail(row, await q.quoteLines(deps.db, id));
  await deps.db.transaction(async (tx) => {
    await q.softDeleteQuote(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'quote', entityId: id, entityLabel: row.quote.number, before: auditView(before) });
  });
}

function refuse(from: QuoteStatus, to: QuoteStatus, result: { key: string; allowed: readonly QuoteStatus[] }, validUntil: string): AppError {
  return new AppError('BUSINESS_RULE', { key: result.key, params: { from, to, validUntil, allowed: result.allowed.join(', ') || '-' } });
}

type Decision = 'accepted' | 'rejected';
const TIMELINE_KIND: Record<'sent' | Decision, TimelineKind> = { sent: 'quote.sent', accepted: 'quote.accepted', rejected: 'quote.rejected' };

/** The quote `id` that `ctx` may move to `to` at `version`: 422 naming the allowed steps, 409 when stale. */
async function movable(deps: Deps, ctx: Ctx, id: string, to: 'sent' | Decision, version: number) {
  requirePermission(ctx.actor, 'quote', 'update');
  const row = await requireVisibleQuote(deps.db, ctx.actor, id);
  const b = row.quote;
  const today = businessDate(ctx.now, deps.config.timeZone);
  const result = quoteTransition(b.status, to, { now: ctx.now, today, validUntil: b.validUntil });
  if (!result.ok) throw refuse(b.status, to, result, b.validUntil);
  if (b.version !== version) throw versionConflict();
  return { row, stamp: result.stamp };
}

/** Writes the step with its timeline entry (shown to those who see the opportunity now). */
async function applyMove(tx: DbOrTx, ctx: Ctx, row: q.QuoteRow, to: 'sent' | Decision, version: number, values: q.QuoteValues, params: Record<string, string | null> = {}): Promise<QuoteDetail> {
  const id = row.quote.id;
  if (!(await q.updateQuote(tx, id, version, { status: to, updatedAt: ctx.now, ...values }))) throw versionConflict();
  const after = await loadDetail(tx, id);
  await publishTimeline(tx, {
    kind: TIMELINE_KIND[to],
    customerId: row.quote.customerId,
    occurredAt: ctx.now,
    actorId: ctx.actor.userId,
    entityType: 'quote',
    entityId: id,
    params: { ...timelineParams(after), ...params },
    restrictedTo: { ownerId: row.opportunityOwnerId, departmentId: row.opportunityDepartmentId },
  });
  return after;
}

/** The customer accepted or rejected a sent quote. */
export async function decideQuote(deps: Deps, ctx: Ctx, id: string, to: Decision, version: number): Promise<QuoteDetail> {
  const { row, stamp } = await movable(deps, ctx, id, to, version);
  const b = row.quote;
  return deps.db.transaction(async (tx) => {
    const after = await applyMove(tx, ctx, row, to, version, stamp);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'quote', entityId: id, entityLabel: b.number, before: { status: b.status, decidedAt: null }, after: { status: to, decidedAt: after.decidedAt } });
    return after;
  });
}

/** Who a quote is mailed to: the chosen contact, else the quote's; 400 on `contactId` without one or without an address. */
async function recipient(db: DbOrTx, row: q.QuoteRow, contactId: string | undefined): Promise<q.ContactCard & { email: string }> {
  const id = contactId ?? row.quote.contactId;
  if (!id) throw invalid([{ path: 'contactId', key: 'quote.contactRequired' }]);
  const contact = await q.contactCard(db, id, row.quote.customerId);
  if (!contact) throw invalid([{ path: 'contactId', key: 'NOT_FOUND', params: { entity: 'contact' } }]);
  const email = contact.email?.trim();
  if (!email) throw invalid([{ path: 'contactId', key: 'quote.contactNoEmail', params: { name: contact.name } }]);
  return { ...contact, email };
}

/** The subject and text a quote is mailed with by default, and who would get it. */
async function mailFacts(deps: Deps, row: q.QuoteRow, contact: q.ContactCard | null) {
  const b = row.quote;
  const [company, owner] = await Promise.all([loadCompanyProfile(deps.db), q.userContact(deps.db, b.ownerId)]);
  const draft = quoteMailDraft({
    number: b.number,
    title: b.title,
    total: formatFen(b.totalFen, b.currency),
    validUntil: b.validUntil,
    companyName: company.name,
    contactName: contact?.name ?? null,
    ownerName: owner?.name ?? row.ownerName,
    ownerPhone: owner?.phone ?? null,
    ownerEmail: owner?.email ?? null,
  });
  return { ...draft, ownerEmail: owner?.email?.trim() || null };
}

/**
 * What 发送报价单 would send to `contactId` (default: the quote's contact), for the send dialog.
 * A contact without an address is not an error here: `to` is null and the dialog says so.
 */
export async function quoteMailDraftFor(deps: Deps, ctx: Ctx, id: string, query: z.infer<typeof quoteMailDraftQuery>): Promise<QuoteMailDraft> {
  requirePermission(ctx.actor, 'quote', 'read');
  const row = await requireVisibleQuote(deps.db, ctx.actor, id);
  const contactId = query.contactId ?? row.quote.contactId;
  const contact = contactId ? await q.contactCard(deps.db, contactId, row.quote.customerId) : null;
  if (query.contactId && !contact) throw invalid([{ path: 'contactId', key: 'NOT_FOUND', params: { entity: 'contact' } }]);
  const facts = await mailFacts(deps, row, contact);
  const to = contact?.email?.trim() || null;
  return { contactId: contact?.id ?? null, contactName: contact?.name ?? null, to, cc: facts.ownerEmail, subject: facts.subject, message: facts.message };
}

/**
 * 发送报价单: the draft becomes sent; its PDF, showing the contact, is filed with the opportunity
 * and (unless `mail` is false) e-mailed to the contact through the outbox, a copy to the owner,
 * all in one transaction with the timeline entry and the audit entry. A chosen contact becomes the
 * quote's. 400 on `contactId` when there is no contact or it has no e-mail address.
 */
export async function sendQuote(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof quoteSendBody>): Promise<QuoteSendResult> {
  const { row, stamp } = await movable(deps, ctx, id, 'sent', input.version);
  const b = row.quote;
  let contact: q.ContactCard | null;
  let mail: { to: string; cc: string[]; subject: string; message: string } | null = null;
  if (input.mail) {
    const to = await recipient(deps.db, row, input.contactId);
    contact = to;
    const facts = await mailFacts(deps, row, to);
    mail = { to: to.email, cc: quoteMailCc(facts.ownerEmail, to.email, input.ccOwner), subject: input.subject ?? facts.subject, message: input.message ?? facts.message };
  } else {
    const contactId = input.contactId ?? b.contactId;
    contact = contactId ? await q.contactCard(deps.db, contactId, b.customerId) : null;
    if (input.contactId && !contact) throw invalid([{ path: 'contactId', key: 'NOT_FOUND', params: { entity: 'contact' } }]);
  }
  const contactId = contact?.id ?? null;
  const detail = toDetail(row, await q.quoteLines(deps.db, id));
  const pdf = await renderPdf(deps, ctx, { ...detail, contactId, contactName: contact?.name ?? null }, contact);

  const result = await withStoredFile(deps, pdf.bytes, (file) =>
    deps.db.transaction(async (tx) => {
      const attachment = await insertStoredAttachment(tx, ctx, { ...file, ownerType: 'opportunity', ownerId: b.opportunityId, ownerLabel: row.opportunityName, fileName: pdf.fileName, contentType: 'application/pdf' });
      const mailParams: Record<string, string | null> = mail ? { contactName: contact?.name ?? null, to: mail.to, subject: mail.subject } : {};
      const after = await applyMove(tx, ctx, row, 'sent', input.version, { ...stamp, attachmentId: attachment.id, contactId }, mailParams);
      let queued: QuoteSendResult['mail'] = null;
      if (mail) {
        const [written] = await queueMail(
          tx,
          deps.config,
          [{ to: mail.to, subject: mail.subject, text: mail.message, cc: mail.cc, attachments: [{ fileName: pdf.fileName, contentType: 'application/pdf', size: file.size, storageKey: file.key }] }],
          ctx.now,
        );
        if (!written) throw new Error('the quote mail was not written');
        queued = { id: written.id, to: written.to, cc: mail.cc, status: written.status };
      }
      await writeAudit(tx, ctx, {
        action: 'update',
        entityType: 'quote',
        entityId: id,
        entityLabel: b.number,
        before: { status: b.status, sentAt: null, attachmentId: b.attachmentId, contactId: b.contactId },
        after: {
          status: 'sent',
          sentAt: after.sentAt,
          attachmentId: attachment.id,
          contactId,
          ...(mail ? { mailedTo: mail.to, mailCc: mail.cc.join(', ') || null, mailSubject: mail.subject } : {}),
        },
      });
      return { ...after, mail: queued };
    }),
  );
  if (result.mail) await kickMail(deps);
  return result;
}

/**
 * The daily expiry: every sent quote whose last valid day is over (in the business time zone)
 * becomes expired, with an audit entry and a timeline entry each. Idempotent: an expired quote
 * no longer matches. Returns how many expired.
 */
export async function expireQuotes(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const today = businessDate(now, deps.config.timeZone);
  return deps.db.transaction(async (tx) => {
    const expired = await q.expireSentQuotes(tx, today, now);
    for (const e of expired) {
      await writeAudit(tx, { actorId: null, actorName: 'system', ip: null, now }, { action: 'update', entityType: 'quote', entityId: e.id, entityLabel: e.number, before: { status: 'sent' }, after: { status: 'expired' } });
      await publishTimeline(tx, { kind: 'quote.expired', customerId: e.customerId, occurredAt: now, actorId: null, entityType: 'quote', entityId: e.id, params: { ...timelineParams(e), validUntil: e.validUntil }, restrictedTo: restrictedTo(e) });
    }
    return expired.length;
  });
}

// ---------------------------------------------------------------------------------------------
// PDF

const companySetting = defineJsonSetting({ key: 'company.profile', label: '公司信息', schema: companyProfile, fallback: DEFAULT_COMPANY_PROFILE, readWith: 'update' });
export const loadCompanyProfile = companySetting.load;
export const getCompanyProfile = companySetting.get;
export const setCompanyProfile = companySetting.set;

/** Whether 公司信息 is filled in, for the warning on the quote page (anyone who reads quotes). */
export async function quoteLetterhead(deps: Deps, ctx: Ctx): Promise<QuoteLetterhead> {
  requirePermission(ctx.actor, 'quote', 'read');
  const company = await loadCompanyProfile(deps.db);
  return { configured: !companyProfileMissing(company), companyName: company.name };
}

/** Phones as printed: national (136 1111 4444), whatever was stored (printedPhone). */
function printed(phone: string | null | undefined): string | null {
  return phone ? printedPhone(phone) || null : null;
}

/**
 * Renders `d` as its PDF; `contact` is the quote's contact when the caller has it (else it is
 * read), printed with title, main phone and e-mail.
 */
async function renderPdf(deps: Deps, ctx: Ctx, d: QuoteDetail, contact?: q.ContactCard | null): Promise<{ fileName: string; bytes: Buffer }> {
  const owner = await q.userContact(deps.db, d.ownerId);
  const card = contact !== undefined ? contact : d.contactId ? await q.contactCard(deps.db, d.contactId, d.customerId) : null;
  const company = await loadCompanyProfile(deps.db);
  const bytes = await renderQuotePdf({
    company: { ...company, phone: printed(company.phone) ?? '' },
    number: d.number,
    title: d.title,
    quoteDate: d.quoteDate,
    validUntil: d.validUntil,
    customerName: d.customerName,
    contactName: card?.name ?? d.contactName,
    contactTitle: card?.title ?? null,
    contactPhone: printed(card?.phones[0]),
    contactEmail: card?.email ?? null,
    ownerName: owner?.name ?? d.ownerName,
    ownerPhone: printed(owner?.phone),
    ownerEmail: owner?.email ?? null,
    currency: d.currency,
    terms: d.terms,
    notes: d.notes,
    items: d.items,
    totals: { subtotalFen: d.subtotalFen, discountFen: d.discountFen, netFen: d.netFen, taxFen: d.taxFen, totalFen: d.totalFen },
    renderedAt: ctx.now,
  });
  return { fileName: `报价单-${d.number}.pdf`, bytes };
}

/** The quote as a PDF, rendered now from what it holds (a draft too: to look before sending). */
export async function quotePdf(deps: Deps, ctx: Ctx, id: string): Promise<{ fileName: string; bytes: Buffer }> {
  return renderPdf(deps, ctx, await getQuote(deps, ctx, id));
}
