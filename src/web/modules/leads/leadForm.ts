import { salesRegionOfCode, type CriterionAnswer, type LeadChannel, type LeadCriteria, type SalesRegion } from '../../../contracts/vocabulary.ts';
import type { Lead } from '../../../contracts/leads.ts';
import { emptyToNull } from '../../app/validation.ts';
import type { CreateLeadBody, UpdateLeadBody } from './leads.api.ts';

/** The lead forms' values, and how they become the API's create and update bodies. */

/**
 * What the person behind a lead can be edited with, on creation and afterwards, with the traits
 * the assignment rules match on: the province (which sets the region), the region when the
 * province is unknown, and the industry.
 */
export type ContactValues = {
  companyName?: string;
  contactName: string;
  title?: string;
  phone?: string;
  email?: string;
  needs?: string;
  provinceCode?: string | null;
  region?: SalesRegion | null;
  industryCode?: string | null;
  /** The channel it came through: chosen on creation, correctable afterwards. */
  channel?: LeadChannel;
  /** The campaign (营销活动) it came through, if any: null when there is none or it was cleared. */
  campaignId?: string | null;
};

export type CreateValues = ContactValues & {
  sourceDetail?: string;
  criteria: LeadCriteria;
  ownerId?: string | null;
};

/** Criteria nobody has answered yet: the server's default too. */
export const UNANSWERED: LeadCriteria = { needMatch: 'unclear', budget: 'unclear', authority: 'unclear' };

export function initialCreateValues(): CreateValues {
  return { contactName: '', provinceCode: null, region: null, industryCode: null, criteria: { ...UNANSWERED }, ownerId: null };
}

/** The region the form shows: the province's when one is chosen (the server derives it the same way). */
export function effectiveRegion(values: Pick<ContactValues, 'provinceCode' | 'region'>): SalesRegion | null {
  return values.provinceCode ? (salesRegionOfCode(values.provinceCode) ?? null) : (values.region ?? null);
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
    provinceCode: l.provinceCode,
    region: l.region,
    industryCode: l.industryCode,
    channel: l.channel,
    campaignId: l.campaignId,
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

function traitsBody(values: ContactValues) {
  return { provinceCode: values.provinceCode || null, region: effectiveRegion(values), industryCode: values.industryCode || null };
}

export function toCreateBody(values: CreateValues & { channel: LeadChannel }, canAssign: boolean): CreateLeadBody {
  const { provinceCode, region, industryCode } = traitsBody(values);
  const body: CreateLeadBody = {
    channel: values.channel,
    sourceDetail: emptyToNull(values.sourceDetail),
    ...contactBody(values),
    provinceCode,
    // The server ignores the region beside a province, so it goes only without one.
    ...(provinceCode ? {} : { region }),
    industryCode,
    criteria: { ...UNANSWERED, ...values.criteria },
  };
  if (canAssign && values.ownerId) body.ownerId = values.ownerId;
  if (values.campaignId) body.campaignId = values.campaignId;
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
  const traits = traitsBody(values);
  const was = traitsBody(initialContactValues(l));
  if (traits.provinceCode !== was.provinceCode) {
    body.provinceCode = traits.provinceCode;
    // Clearing the province would also clear the region unless the region left in the form goes along.
    if (!traits.provinceCode) body.region = traits.region;
    changed = true;
  } else if (!traits.provinceCode && traits.region !== was.region) {
    body.region = traits.region;
    changed = true;
  }
  if (traits.industryCode !== was.industryCode) {
    body.industryCode = traits.industryCode;
    changed = true;
  }
  if (values.channel && values.channel !== l.channel) {
    body.channel = values.channel;
    changed = true;
  }
  // Undefined is a form without the field; null clears the campaign.
  if (values.campaignId !== undefined && values.campaignId !== l.campaignId) {
    body.campaignId = values.campaignId;
    changed = true;
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

/**
 * The channel a new lead takes from the campaign picked for it: the campaign's, when the form has
 * none yet (one chosen by hand stays); undefined when nothing is to change.
 */
export function channelFromCampaign(current: LeadChannel | null | undefined, campaign: { channel: string | null } | null): LeadChannel | undefined {
  if (current || !campaign?.channel) return undefined;
  return campaign.channel;
}
