import { NUMBERED_ENTITIES, type DocumentEntity, type NumberedEntity, type NumberingPatterns, type NumberingSettings } from '../../../contracts/numbering.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import { readSetting, writeSetting } from '../../platform/settings/settings.ts';
import type { Deps } from '../../platform/deps.ts';
import { invalid } from '../../platform/errors.ts';
import { nextSequence, peekSequence } from '../../platform/numbering/sequences.ts';
import * as q from './numbering.queries.ts';
import { checkNumberPattern, DEFAULT_CUSTOMER_NUMBER_PATTERN, DEFAULT_LEAD_NUMBER_PATTERN, NO_INDUSTRY_CODE, numberDateParts, numberingProblems, renderNumber, sequenceScopeKey } from './numbering.rules.ts';

/**
 * 编号规则: the patterns new customer and lead numbers are rendered from, kept in app_settings.
 * Everyone who works with customers may read them (`setting:read`); admins change them
 * (`setting:update`). Numbers already given never change.
 */
const KEYS: Record<NumberedEntity, string> = { customer: 'numbering.customer', lead: 'numbering.lead', quote: 'numbering.quote', order: 'numbering.order', contract: 'numbering.contract' };
/** Sales documents numbered like 报价单 BJ2024001, 订单 DD2024000001, 合同 HT2024001. */
export const DEFAULT_DOCUMENT_PATTERNS: Record<DocumentEntity, string> = { quote: 'BJ{year}{seq:3}', order: 'DD{year}{seq:6}', contract: 'HT{year}{seq:3}' };
const DEFAULTS: Record<NumberedEntity, string> = { customer: DEFAULT_CUSTOMER_NUMBER_PATTERN, lead: DEFAULT_LEAD_NUMBER_PATTERN, ...DEFAULT_DOCUMENT_PATTERNS };
type AllPatterns = Record<NumberedEntity, string>;

/**
 * The pattern a create uses. A stored value that no longer passes the check (written by hand, or
 * by an older version with other rules) falls back to the default rather than failing every create.
 */
export async function numberPattern(db: DbOrTx, entity: NumberedEntity): Promise<string> {
  const stored = await readSetting(db, KEYS[entity]);
  return stored !== null && checkNumberPattern(entity, stored).ok ? stored : DEFAULTS[entity];
}

async function loadPatterns(db: DbOrTx): Promise<AllPatterns> {
  const out = {} as AllPatterns;
  for (const entity of NUMBERED_ENTITIES) out[entity] = await numberPattern(db, entity);
  return out;
}

/** The next number of each pattern as of now, read from the counters without drawing from them. */
async function describe(deps: Deps, ctx: Ctx, patterns: AllPatterns, industryCode: string | undefined): Promise<NumberingSettings> {
  const date = numberDateParts(ctx.now, deps.config.timeZone);
  const industry = industryCode ?? (await q.firstActiveIndustry(deps.db)) ?? NO_INDUSTRY_CODE;
  const next = async (entity: NumberedEntity, pattern: string) => {
    const values = { ...date, industryCode: industry };
    return renderNumber(pattern, values, await peekSequence(deps.db, sequenceScopeKey(entity, pattern, values)));
  };
  return {
    ...patterns,
    defaults: { ...DEFAULTS },
    preview: {
      customer: await next('customer', patterns.customer),
      lead: await next('lead', patterns.lead),
      quote: await next('quote', patterns.quote),
      order: await next('order', patterns.order),
      contract: await next('contract', patterns.contract),
      industryCode: industry,
    },
  };
}

/** The patterns given, the stored ones for the document patterns left out. */
function withStored(stored: AllPatterns, input: NumberingPatterns): AllPatterns {
  return { customer: input.customer, lead: input.lead, quote: input.quote ?? stored.quote, order: input.order ?? stored.order, contract: input.contract ?? stored.contract };
}

export async function getNumbering(deps: Deps, ctx: Ctx, industryCode?: string): Promise<NumberingSettings> {
  requirePermission(ctx.actor, 'setting', 'read');
  return describe(deps, ctx, await loadPatterns(deps.db), industryCode);
}

/** Checks patterns and shows the numbers they would give, without saving (the live preview). */
export async function previewNumbering(deps: Deps, ctx: Ctx, input: NumberingPatterns & { industryCode?: string | undefined }): Promise<NumberingSettings> {
  requirePermission(ctx.actor, 'setting', 'read');
  const problems = numberingProblems(input);
  if (problems.length > 0) throw invalid(problems);
  return describe(deps, ctx, withStored(await loadPatterns(deps.db), input), input.industryCode);
}

export async function setNumbering(deps: Deps, ctx: Ctx, input: NumberingPatterns): Promise<NumberingSettings> {
  requirePermission(ctx.actor, 'setting', 'update');
  const problems = numberingProblems(input);
  if (problems.length > 0) throw invalid(problems);
  const before = await loadPatterns(deps.db);
  const patterns = withStored(before, input);
  await deps.db.transaction(async (tx) => {
    for (const entity of NUMBERED_ENTITIES) if (patterns[entity] !== before[entity]) await writeSetting(tx, KEYS[entity], patterns[entity], ctx.now);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'setting', entityId: 'numbering', entityLabel: '编号规则', before: { ...before }, after: { ...patterns } });
  });
  return describe(deps, ctx, patterns, undefined);
}

/**
 * The number of a new sales document, drawn inside the creating transaction (see nextSequence:
 * a rolled-back create gives its number back), from the admin's pattern or the default.
 */
export async function nextDocumentNumber(tx: DbOrTx, entity: DocumentEntity, now: Date, timeZone: string): Promise<string> {
  const pattern = await numberPattern(tx, entity);
  const values = numberDateParts(now, timeZone);
  return renderNumber(pattern, values, await nextSequence(tx, sequenceScopeKey(entity, pattern, values)));
}
