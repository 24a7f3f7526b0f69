import type { CriterionAnswer, LeadChannel, LeadCriteria } from '../../../contracts/customers.ts';
import type { Lead } from '../../../contracts/lead-records.ts';
import { emptyToNull } from '../../app/validation.ts';
import type { CreateLeadBody, UpdateLeadBody } from './leads.api.ts';

/** The lead forms' values, and how they become the API's create and update bodies. */

/** What the person behind a lead can be edited with, on creation and afterwards. */
export type ContactValues = {
  companyName?: string;
  contactName: string;
  title?: string;
  phone?: string;
  email?: string;
  needs?: string;
};

export type CreateValues = ContactValues & {
  channel?: LeadChannel;
  sourceDetail?: string;
  criteria: LeadCriteria;
  ownerId?: string | null;
};

/** Criteria nobody has answered yet: the server's default too. */
export const UNANSWERED: LeadCriteria = { needMatch: 'unclear', budget: 'unclear', authority: 'unclear' };

export function initialCreateValues(): CreateValues {
  return { contactName: '', criteria: { ...UNANSWERED }, ownerId: null };
}

export function initialContactValues(l: Lead): ContactValues {
  return {
    companyName: l.companyName ?? '',
    contactName: l.contactName,
    title: l.title ?? '',
    // The formatted number: what the user reads elsewhere and what the server accepts back.
    phone: l.phone?.display ?? '',
    email: l.email ?? '',
    needs: l.needs ?? '',
  };
}

function contactBody(values: ContactValues) {
  return {
    companyName: emptyToNull(values.companyName),
    contactName: values.contactName.trim(),
    title: emptyToNull(values.title),
    phone: emptyToNull(values.phone),
    email: emptyToNull(values.email)?.toLowerCase() ?? null,
    needs: emptyToNull(values.needs),
  };
}

export function toCreateBody(values: CreateValues & { channel: LeadChannel }, canAssign: boolean): CreateLeadBody {
  const body: CreateLeadBody = {
    channel: values.channel,
    sourceDetail: emptyToNull(values.sourceDetail),
    ...contactBody(values),
    criteria: { ...UNANSWERED, ...values.criteria },
  };
  if (canAssign && values.ownerId) body.ownerId = values.ownerId;
  return body;
}

/** Only what changed goes into the PATCH, with the version the edit started from; null when nothing did. */
export function contactChanges(l: Lead, values: ContactValues): UpdateLeadBody | null {
  const next: Record<string, unknown> = contactBody(values);
  const current: Record<string, unknown> = {
    ...contactBody(initialContactValues(l)),
    // The server keeps the number in E.164; the form shows it formatted. Unchanged text is no change.
    phone: l.phone?.display ?? null,
  };
  const body: Record<string, unknown> = { version: l.version };
  let changed = false;
  for (const [key, value] of Object.entries(next)) {
    if (value !== current[key]) {
      body[key] = value;
      changed = true;
    }
  }
  return changed ? (body as UpdateLeadBody) : null;
}

/** Only the criteria whose answer changed. */
export function criteriaChanges(l: Lead, criteria: LeadCriteria): Partial<Record<keyof LeadCriteria, CriterionAnswer>> | null {
  const out: Partial<Record<keyof LeadCriteria, CriterionAnswer>> = {};
  for (const key of ['needMatch', 'budget', 'authority'] as const) {
    if (criteria[key] !== l.criteria[key]) out[key] = criteria[key];
  }
  return Object.keys(out).length > 0 ? out : null;
}
