import type { TimelineEntry } from '../../../contracts/timeline.ts';
import { formatFen } from '../../../contracts/money.ts';

/**
 * How a timeline entry reads and where it leads. The server stores params, never sentences: the
 * UI renders `timeline.kinds.<kind>` (or a variant of it) in the reader's language. Kinds this
 * build does not know yet (a newer module's) fall back to a generic line, so they still show.
 */

/** The kind prefixes the filter offers (the API takes them as `kinds=`). */
export const TIMELINE_KIND_GROUPS = ['follow_up', 'task', 'customer', 'contact', 'lead', 'feedback', 'opportunity', 'quote', 'order', 'contract'] as const;
export type TimelineKindGroup = (typeof TIMELINE_KIND_GROUPS)[number];

/** Names of coded values in the reader's language. */
export type TimelineVocabulary = {
  method: (code: string) => string;
  stage: (code: string) => string;
  taskType: (code: string) => string;
  feedbackKind: (code: string) => string;
  feedbackStatus: (code: string) => string;
  orderStatus: (code: string) => string;
  paymentMethod: (code: string) => string;
  dateTime: (iso: string) => string;
  /** The reader's language's one of a name stored in both (pipeline stages). */
  localized: (zh: string | null, en: string | null) => string;
  /** An amount in fen with its currency. */
  money: (fen: number, currency: string) => string;
};

export type Sentence = { key: string; params: Record<string, string | number> };

export type TimelineText = {
  /** The one-line sentence. */
  sentence: Sentence;
  /** A quote below it (what was said in a follow-up), if any. */
  quote: string | null;
  /** A second line (the next step of a follow-up), if any. */
  next: Sentence | null;
};

const KNOWN = new Set([
  'customer.created',
  'customer.stage_changed',
  'customer.owner_changed',
  'customer.merged',
  'contact.added',
  'lead.converted',
  'follow_up.logged',
  'task.created',
  'task.done',
  'task.cancelled',
  'feedback.created',
  'feedback.status_changed',
  'opportunity.created',
  'opportunity.stage_changed',
  'opportunity.won',
  'opportunity.lost',
  'contract.created',
  'contract.activated',
  'contract.terminated',
  'contract.expired',
  'contract.payment_recorded',
  'contract.payment_reversed',
  'order.created',
  'order.status_changed',
  'order.payment_recorded',
  'quote.created',
  'quote.sent',
  'quote.accepted',
  'quote.rejected',
  'quote.expired',
]);

export function isKnownKind(kind: string): boolean {
  return KNOWN.has(kind);
}

function str(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number') return String(value);
  return null;
}

const DASH = '—';

/** The sentence, quote and next step of one entry. */
export function timelineText(entry: Pick<TimelineEntry, 'kind' | 'params'>, v: TimelineVocabulary): TimelineText {
  const p = entry.params;
  const s = (key: string) => str(p[key]) ?? DASH;
  const amount = () => (typeof p.amountFen === 'number' ? v.money(p.amountFen, str(p.currency) ?? 'CNY') : DASH);
  const plain = (key: string, params: Record<string, string | number> = {}): TimelineText => ({
    sentence: { key: `timeline.kinds.${key}`, params },
    quote: null,
    next: null,
  });

  switch (entry.kind) {
    case 'customer.created':
      return plain('customer.created', { name: s('name'), number: s('number') });
    case 'customer.stage_changed':
      return plain('customer.stage_changed', { from: str(p.from) ? v.stage(s('from')) : DASH, to: str(p.to) ? v.stage(s('to')) : DASH });
    case 'customer.owner_changed': {
      const from = str(p.from);
      const to = str(p.to);
      switch (p.via) {
        case 'claim':
          return plain('customer.owner_claimed', { to: to ?? DASH });
        case 'release':
          return plain('customer.owner_released', { from: from ?? DASH });
        case 'reclaim':
          return plain('customer.owner_reclaimed', { days: typeof p.days === 'number' ? p.days : DASH });
        default:
          if (!from && to) return plain('customer.owner_assigned', { to });
          if (from && !to) return plain('customer.owner_removed', { from });
          return plain('customer.owner_changed', { from: from ?? DASH, to: to ?? DASH });
      }
    }
    case 'customer.merged':
      return plain('customer.merged', { name: s('mergedName'), number: s('mergedNumber') });
    case 'contact.added':
      return str(p.title) ? plain('contact.added_with_title', { name: s('name'), title: s('title') }) : plain('contact.added', { name: s('name') });
    case 'lead.converted':
      return plain(p.createdCustomer === true ? 'lead.converted_new' : 'lead.converted_existing', { number: s('number'), contact: s('contactName') });
    case 'follow_up.logged': {
      const method = str(p.method) ? v.method(s('method')) : DASH;
      const contact = str(p.contactName);
      const nextAt = str(p.nextFollowUpAt);
      const nextAction = str(p.nextAction);
      let next: Sentence | null = null;
      if (nextAt && nextAction) next = { key: 'timeline.next.both', params: { at: v.dateTime(nextAt), action: nextAction } };
      else if (nextAt) next = { key: 'timeline.next.at', params: { at: v.dateTime(nextAt) } };
      else if (nextAction) next = { key: 'timeline.next.action', params: { action: nextAction } };
      return {
        sentence: contact
          ? { key: 'timeline.kinds.follow_up.logged_with', params: { method, contact } }
          : { key: 'timeline.kinds.follow_up.logged', params: { method } },
        quote: str(p.summary),
        next,
      };
    }
    case 'task.created': {
      const due = str(p.dueAt);
      return plain('task.created', {
        title: s('title'),
        type: str(p.type) ? v.taskType(s('type')) : DASH,
        due: due ? v.dateTime(due) : DASH,
        assignee: s('assigneeName'),
      });
    }
    case 'task.done':
      return plain('task.done', { title: s('title') });
    case 'task.cancelled':
      return plain('task.cancelled', { title: s('title') });
    case 'feedback.created':
      return plain('feedback.created', { kind: str(p.kind) ? v.feedbackKind(s('kind')) : DASH, title: s('title') });
    case 'feedback.status_changed':
      return plain('feedback.status_changed', {
        title: s('title'),
        from: str(p.from) ? v.feedbackStatus(s('from')) : DASH,
        to: str(p.to) ? v.feedbackStatus(s('to')) : DASH,
      });
    case 'opportunity.created':
      return plain('opportunity.created', { name: s('name'), amount: amount(), stage: v.localized(str(p.stage), str(p.stageEn)) });
    case 'opportunity.stage_changed':
      return plain('opportunity.stage_changed', { name: s('name'), from: v.localized(str(p.from), str(p.fromEn)), to: v.localized(str(p.to), str(p.toEn)) });
    case 'opportunity.won':
    case 'opportunity.lost':
      return { ...plain(entry.kind, { name: s('name'), amount: amount() }), quote: str(p.reason) };
    case 'contract.created':
    case 'contract.activated':
    case 'contract.terminated':
    case 'contract.expired':
    case 'contract.payment_recorded':
    case 'contract.payment_reversed': {
      const amount = typeof p.amountFen === 'number' ? formatFen(p.amountFen, str(p.currency) ?? undefined) : DASH;
      return plain(entry.kind, { number: s('number'), title: s('title'), amount, signedOn: s('signedOn'), reason: s('reason'), endsOn: s('endsOn'), paidOn: s('paidOn') });
    }
    case 'order.created':
      return plain('order.created', { number: s('number'), total: s('total') });
    case 'order.status_changed':
      return { ...plain('order.status_changed', { number: s('number'), from: str(p.from) ? v.orderStatus(s('from')) : DASH, to: str(p.to) ? v.orderStatus(s('to')) : DASH }), quote: str(p.note) };
    case 'order.payment_recorded':
      return plain('order.payment_recorded', { number: s('number'), amount: s('amount'), method: str(p.method) ? v.paymentMethod(s('method')) : DASH });
    case 'quote.sent':
      // Mailed to a contact: to whom, and the mail's subject below.
      if (str(p.to)) {
        const total = typeof p.totalFen === 'number' ? v.money(p.totalFen, str(p.currency) ?? 'CNY') : DASH;
        return { ...plain('quote.sent_to', { number: s('number'), title: s('title'), total, contact: s('contactName'), to: s('to') }), quote: str(p.subject) };
      }
      return plain(entry.kind, { number: s('number'), title: s('title'), total: typeof p.totalFen === 'number' ? v.money(p.totalFen, str(p.currency) ?? 'CNY') : DASH });
    case 'quote.created':
    case 'quote.accepted':
    case 'quote.rejected':
    case 'quote.expired':
      return plain(entry.kind, { number: s('number'), title: s('title'), total: typeof p.totalFen === 'number' ? v.money(p.totalFen, str(p.currency) ?? 'CNY') : DASH });
    default: {
      // A kind from a newer module: its name and whatever plain values it carries.
      const details = Object.entries(p)
        .filter(([, value]) => value !== null && value !== '' && typeof value !== 'boolean')
        .map(([key, value]) => `${key}: ${typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? v.dateTime(value) : String(value)}`);
      return { sentence: { key: 'timeline.generic', params: { kind: entry.kind } }, quote: details.length > 0 ? details.join(' · ') : null, next: null };
    }
  }
}

/** Where clicking an entry goes: a record opened in place, a tab of this page, or another page. */
export type TimelineTarget =
  | { type: 'followUp'; id: string }
  | { type: 'task'; id: string }
  | { type: 'contacts' }
  | { type: 'path'; to: string }
  | null;

export function timelineTarget(entry: Pick<TimelineEntry, 'entityType' | 'entityId'>, subject: { type: 'customer' | 'lead'; id: string }): TimelineTarget {
  switch (entry.entityType) {
    case 'follow_up':
      return { type: 'followUp', id: entry.entityId };
    case 'task':
      return { type: 'task', id: entry.entityId };
    case 'contact':
      return subject.type === 'customer' ? { type: 'contacts' } : null;
    case 'lead':
      return subject.type === 'lead' && subject.id === entry.entityId ? null : { type: 'path', to: `/leads/${entry.entityId}` };
    case 'customer':
      return subject.type === 'customer' && subject.id === entry.entityId ? null : { type: 'path', to: `/customers/${entry.entityId}` };
    case 'feedback':
      return { type: 'path', to: `/feedback?feedbackId=${entry.entityId}` };
    case 'opportunity':
      return { type: 'path', to: `/opportunities/${entry.entityId}` };
    case 'quote':
      return { type: 'path', to: `/quotes/${entry.entityId}` };
    case 'order':
      return { type: 'path', to: `/orders/${entry.entityId}` };
    case 'contract':
      return { type: 'path', to: `/contracts/${entry.entityId}` };
    default:
      return null;
  }
}

/** The `kinds=` of the API for the chosen groups; undefined when all (or none) are chosen. */
export function kindsParam(groups: readonly string[]): string | undefined {
  const chosen = TIMELINE_KIND_GROUPS.filter((g) => groups.includes(g));
  if (chosen.length === 0 || chosen.length === TIMELINE_KIND_GROUPS.length) return undefined;
  return chosen.join(',');
}
