import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../../contracts/campaigns.ts';
import {
  addResultParts,
  attendedCount,
  campaignChanges,
  fenToYuan,
  initialCampaignValues,
  isOverBudget,
  mayDeleteCampaign,
  progressPercent,
  remainingBudget,
  statusActions,
  targetToApi,
  targetToForm,
  toCostBody,
  toCreateCampaignBody,
  yuanToFen,
} from './campaignForm.ts';

const campaign: Campaign = {
  id: '0190a000-0000-7000-8000-000000000101',
  name: '2026 上海工业博览会',
  type: 'trade_show',
  status: 'planned',
  goal: 'leads',
  goalTarget: 200,
  channel: 'trade_show',
  startsOn: '2026-09-15',
  endsOn: '2026-09-19',
  budgetFen: 15_000_000,
  costFen: 0,
  notes: null,
  targetSegmentId: null,
  targetSegmentName: null,
  ownerId: '0190a000-0000-7000-8000-0000000000aa',
  ownerName: '管理员',
  departmentId: null,
  createdBy: null,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
  version: 2,
};

describe('yuan and fen', () => {
  it('turns typed yuan into fen on the digits, and back', () => {
    expect(yuanToFen('150000')).toBe(15_000_000);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen(6500.5)).toBe(650_050);
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen(null)).toBeNull();
    expect(fenToYuan(8_650_000)).toBe('86500.00');
  });

  it('reads a revenue target in yuan and a count as a whole number', () => {
    expect(targetToApi('revenue', '120000.5')).toBe(12_000_050);
    expect(targetToApi('leads', '200')).toBe(200);
    expect(targetToApi('attendance', 300)).toBe(300);
    expect(targetToApi('leads', '2.5')).toBeNull();
    expect(targetToApi('leads', '')).toBeNull();
    expect(targetToForm('revenue', 12_000_050)).toBe('120000.50');
    expect(targetToForm('leads', 200)).toBe('200');
    expect(targetToForm(null, null)).toBeNull();
  });
});

describe('the campaign form', () => {
  it('sends the budget in fen, the period as days, and leaves an empty channel to the server', () => {
    const body = toCreateCampaignBody({
      name: ' 2026 上海工业博览会 ',
      type: 'trade_show',
      goal: 'leads',
      goalTarget: '200',
      channel: null,
      period: [dayjs('2026-09-15'), dayjs('2026-09-19')],
      budgetYuan: '150000',
      ownerId: null,
      notes: '  ',
    });
    expect(body).toEqual({ name: '2026 上海工业博览会', type: 'trade_show', goal: 'leads', goalTarget: 200, startsOn: '2026-09-15', endsOn: '2026-09-19', budgetFen: 15_000_000, notes: null });
  });

  it('sends no target without a goal, and the channel and owner when chosen', () => {
    const body = toCreateCampaignBody({ name: '春季邮件', type: 'email', goal: null, goalTarget: '50', channel: 'email', budgetYuan: null, ownerId: '0190a000-0000-7000-8000-0000000000bb' });
    expect(body).toMatchObject({ goal: null, goalTarget: null, channel: 'email', budgetFen: null, ownerId: '0190a000-0000-7000-8000-0000000000bb' });
  });

  it('fills the edit form from the campaign and finds no change in it', () => {
    const values = initialCampaignValues({ mode: 'edit', campaign });
    expect(values).toMatchObject({ goalTarget: '200', budgetYuan: '150000.00', channel: 'trade_show' });
    expect(campaignChanges(campaign, values)).toBeNull();
  });

  it('sends only what changed, a revenue target in fen and a cleared channel as null', () => {
    const values = initialCampaignValues({ mode: 'edit', campaign });
    expect(campaignChanges(campaign, { ...values, goal: 'revenue', goalTarget: '500000', channel: null, period: [dayjs('2026-09-15'), null] })).toEqual({
      version: 2,
      goal: 'revenue',
      goalTarget: 50_000_000,
      channel: null,
      endsOn: null,
    });
  });

  it('turns a cost into the body the API takes', () => {
    expect(toCostBody({ spentOn: dayjs('2026-08-01'), item: ' 展位费 ', amountYuan: '80000', supplier: '', notes: undefined })).toEqual({
      spentOn: '2026-08-01',
      item: '展位费',
      amountFen: 8_000_000,
      supplier: null,
      notes: null,
    });
  });
});

describe('the campaign page', () => {
  it('offers the status steps the server allows', () => {
    expect(statusActions('planned').map((a) => [a.action, a.to])).toEqual([
      ['start', 'active'],
      ['cancel', 'cancelled'],
    ]);
    expect(statusActions('active').map((a) => [a.action, a.to])).toEqual([
      ['complete', 'completed'],
      ['cancel', 'cancelled'],
    ]);
    expect(statusActions('completed').map((a) => [a.action, a.to])).toEqual([['reopen', 'active']]);
    expect(statusActions('cancelled').map((a) => [a.action, a.to])).toEqual([['replan', 'planned']]);
  });

  it('deletes only a planned or cancelled campaign without costs', () => {
    expect(mayDeleteCampaign({ status: 'planned', costFen: 0 })).toBe(true);
    expect(mayDeleteCampaign({ status: 'cancelled', costFen: 0 })).toBe(true);
    expect(mayDeleteCampaign({ status: 'cancelled', costFen: 100 })).toBe(false);
    expect(mayDeleteCampaign({ status: 'active', costFen: 0 })).toBe(false);
    expect(mayDeleteCampaign({ status: 'completed', costFen: 0 })).toBe(false);
  });

  it('says what is left of the budget and when the costs are over it', () => {
    expect(remainingBudget({ budgetFen: 15_000_000, costFen: 8_650_000 })).toBe(6_350_000);
    expect(remainingBudget({ budgetFen: null, costFen: 100 })).toBeNull();
    expect(isOverBudget({ budgetFen: 100, costFen: 101 })).toBe(true);
    expect(isOverBudget({ budgetFen: 100, costFen: 100 })).toBe(false);
    expect(isOverBudget({ budgetFen: null, costFen: 100 })).toBe(false);
  });

  it('counts attendees as the members who attended or responded further, and the progress in percent', () => {
    const byStatus = { added: 5, sent: 4, opened: 3, clicked: 2, registered: 6, attended: 7, responded: 2, converted: 1 };
    expect(attendedCount({ byStatus })).toBe(10);
    expect(progressPercent(10, 200)).toBe(5);
    expect(progressPercent(250, 200)).toBe(125);
    expect(progressPercent(1, 3)).toBe(33);
    expect(progressPercent(5, null)).toBeNull();
  });
});

describe('adding members', () => {
  it('says how many were added, and the members already there and those not found only when there are any', () => {
    expect(addResultParts({ added: 2, alreadyMembers: 0, notVisible: 0 })).toEqual([{ key: 'added', count: 2 }]);
    expect(addResultParts({ added: 0, alreadyMembers: 1, notVisible: 3 })).toEqual([
      { key: 'added', count: 0 },
      { key: 'alreadyMembers', count: 1 },
      { key: 'notVisible', count: 3 },
    ]);
  });
});
