import dayjs, { type Dayjs } from 'dayjs';
import { MEMBER_STATUSES, type Campaign, type CampaignGoal, type CampaignStatus, type CampaignType, type MemberStatus, type MemberSummary } from '../../../contracts/campaigns.ts';
import { formatFen, parseYuan } from '../../../contracts/money.ts';
import { emptyToNull } from '../../app/validation.ts';
import type { CreateCampaignBody, UpdateCampaignBody } from './campaigns.api.ts';

/**
 * The campaign forms' values and how they become API bodies, and the pure rules the campaign
 * page shows (status buttons, remaining budget, goal progress). Amounts are typed in yuan (元)
 * with at most 2 decimals in an InputNumber in string mode and turned into fen on the digits
 * themselves, never by multiplying a float by 100.
 */

/** 1234.5 / "1234.5" → 123450; null for anything that is not an amount with at most 2 decimals. */
export function yuanToFen(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  return parseYuan(typeof value === 'number' ? String(value) : value);
}

/** 123450 → "1234.50": what an InputNumber in string mode shows for an amount in fen. */
export function fenToYuan(fen: number): string {
  return formatFen(fen).replaceAll(',', '');
}

/**
 * A goal's target as the API takes it: revenue in fen from yuan typed with up to 2 decimals,
 * leads and attendees as a whole number. Null when empty or not such a number.
 */
export function targetToApi(goal: CampaignGoal | null | undefined, value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (goal === 'revenue') return yuanToFen(value);
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** A stored target as the form shows it: yuan for revenue, the count otherwise. */
export function targetToForm(goal: CampaignGoal | null, target: number | null): string | null {
  if (target === null) return null;
  return goal === 'revenue' ? fenToYuan(target) : String(target);
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const dayOf = (s: string | null) => (s ? dayjs(s) : null);

export type CampaignFormTarget = { mode: 'create' } | { mode: 'edit'; campaign: Campaign };

export type CampaignValues = {
  name: string;
  type?: CampaignType;
  goal?: CampaignGoal | null;
  goalTarget?: string | null;
  channel?: string | null;
  period?: [Dayjs | null, Dayjs | null] | null;
  budgetYuan?: string | null;
  ownerId?: string | null;
  notes?: string;
};

export function initialCampaignValues(target: CampaignFormTarget): CampaignValues {
  if (target.mode === 'create') return { name: '', goal: null, goalTarget: null, channel: null, period: null, budgetYuan: null, ownerId: null, notes: '' };
  const c = target.campaign;
  return {
    name: c.name,
    type: c.type,
    goal: c.goal,
    goalTarget: targetToForm(c.goal, c.goalTarget),
    channel: c.channel,
    period: c.startsOn || c.endsOn ? [dayOf(c.startsOn), dayOf(c.endsOn)] : null,
    budgetYuan: c.budgetFen === null ? null : fenToYuan(c.budgetFen),
    ownerId: c.ownerId,
    notes: c.notes ?? '',
  };
}

/** The fields both bodies share, as the API names them. */
function fields(v: CampaignValues) {
  const goal = v.goal ?? null;
  return {
    name: v.name.trim(),
    goal,
    goalTarget: goal ? targetToApi(goal, v.goalTarget) : null,
    channel: v.channel || null,
    startsOn: day(v.period?.[0]),
    endsOn: day(v.period?.[1]),
    budgetFen: yuanToFen(v.budgetYuan),
    notes: emptyToNull(v.notes),
  };
}

/** The POST body. Without a channel the server takes the type's (展会 → trade_show …), so an empty one is left out. */
export function toCreateCampaignBody(v: CampaignValues): CreateCampaignBody {
  const { channel, ...rest } = fields(v);
  return {
    ...rest,
    type: v.type ?? 'other',
    ...(channel ? { channel } : {}),
    ...(v.ownerId ? { ownerId: v.ownerId } : {}),
  };
}

/** Only what changed goes into the PATCH, with the version it was read at; null when nothing did. */
export function campaignChanges(c: Campaign, v: CampaignValues): UpdateCampaignBody | null {
  const next = fields(v);
  const body: UpdateCampaignBody = { version: c.version };
  if (next.name !== c.name) body.name = next.name;
  if (v.type && v.type !== c.type) body.type = v.type;
  if (next.goal !== c.goal) body.goal = next.goal;
  if (next.goalTarget !== c.goalTarget) body.goalTarget = next.goalTarget;
  if (next.channel !== c.channel) body.channel = next.channel;
  if (next.startsOn !== c.startsOn) body.startsOn = next.startsOn;
  if (next.endsOn !== c.endsOn) body.endsOn = next.endsOn;
  if (next.budgetFen !== c.budgetFen) body.budgetFen = next.budgetFen;
  if (next.notes !== c.notes) body.notes = next.notes;
  if (v.ownerId && v.ownerId !== c.ownerId) body.ownerId = v.ownerId;
  return Object.keys(body).length > 1 ? body : null;
}

// ---- costs ----

export type CostValues = { spentOn: Dayjs | null; item: string; amountYuan: string | null; supplier?: string; notes?: string };

export function toCostBody(v: CostValues) {
  return {
    spentOn: day(v.spentOn) ?? '',
    item: v.item.trim(),
    amountFen: yuanToFen(v.amountYuan) ?? 0,
    supplier: emptyToNull(v.supplier),
    notes: emptyToNull(v.notes),
  };
}

// ---- the campaign page ----

/** What a status button does, by the step it takes. */
export type StatusAction = 'start' | 'complete' | 'cancel' | 'reopen' | 'replan';

/**
 * The status buttons a campaign shows, in the order shown — the server's steps: 计划中 → 进行中
 * (开始活动) or 已取消; 进行中 → 已结束 (结束活动) or 已取消; 已结束 → 进行中 (重新打开);
 * 已取消 → 计划中 (重新计划).
 */
const STATUS_ACTIONS: Record<CampaignStatus, readonly { action: StatusAction; to: CampaignStatus }[]> = {
  planned: [
    { action: 'start', to: 'active' },
    { action: 'cancel', to: 'cancelled' },
  ],
  active: [
    { action: 'complete', to: 'completed' },
    { action: 'cancel', to: 'cancelled' },
  ],
  completed: [{ action: 'reopen', to: 'active' }],
  cancelled: [{ action: 'replan', to: 'planned' }],
};

export function statusActions(status: CampaignStatus): readonly { action: StatusAction; to: CampaignStatus }[] {
  return STATUS_ACTIONS[status];
}

/** Only a campaign nothing happened in yet may be deleted: planned or cancelled, without costs (the server also refuses one leads came through). */
export function mayDeleteCampaign(c: Pick<Campaign, 'status' | 'costFen'>): boolean {
  return (c.status === 'planned' || c.status === 'cancelled') && c.costFen === 0;
}

/** Budget minus the costs so far (negative when over budget); null without a budget. */
export function remainingBudget(c: Pick<Campaign, 'budgetFen' | 'costFen'>): number | null {
  return c.budgetFen === null ? null : c.budgetFen - c.costFen;
}

export function isOverBudget(c: Pick<Campaign, 'budgetFen' | 'costFen'>): boolean {
  return c.budgetFen !== null && c.costFen > c.budgetFen;
}

/**
 * Members who attended: 已参加 and the statuses a response grows into after it (已回应, 已转化),
 * as MEMBER_STATUSES lists them in that order.
 */
export function attendedCount(summary: Pick<MemberSummary, 'byStatus'>): number {
  const from = MEMBER_STATUSES.indexOf('attended');
  return MEMBER_STATUSES.slice(from).reduce((sum, s: MemberStatus) => sum + (summary.byStatus[s] ?? 0), 0);
}

/** How far a goal is reached, in whole percent (rounded down, may pass 100); null without a target. */
export function progressPercent(reached: number, target: number | null): number | null {
  if (target === null || target <= 0) return null;
  return Math.floor((reached * 100) / target);
}

/**
 * What adding members did, as the parts of the message shown: how many were added, and — only
 * when there were any — how many were members already and how many were not found in one's scope.
 */
export function addResultParts(r: { added: number; alreadyMembers: number; notVisible: number }): { key: 'added' | 'alreadyMembers' | 'notVisible'; count: number }[] {
  const parts: { key: 'added' | 'alreadyMembers' | 'notVisible'; count: number }[] = [{ key: 'added', count: r.added }];
  if (r.alreadyMembers > 0) parts.push({ key: 'alreadyMembers', count: r.alreadyMembers });
  if (r.notVisible > 0) parts.push({ key: 'notVisible', count: r.notVisible });
  return parts;
}
