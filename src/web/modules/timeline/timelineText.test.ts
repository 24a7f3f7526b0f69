import { describe, expect, it } from 'vitest';
import { kindsParam, TIMELINE_KIND_GROUPS, timelineTarget, timelineText, type TimelineVocabulary } from './timelineText.ts';

const v: TimelineVocabulary = {
  method: (c) => `M(${c})`,
  stage: (c) => `S(${c})`,
  taskType: (c) => `T(${c})`,
  feedbackKind: (c) => `K(${c})`,
  feedbackStatus: (c) => `F(${c})`,
  orderStatus: (c) => `O(${c})`,
  paymentMethod: (c) => `P(${c})`,
  dateTime: (iso) => `D(${iso.slice(0, 10)})`,
  localized: (zh, en) => `L(${zh}|${en})`,
  money: (fen, currency) => `${currency} ${fen}`,
};
const text = (kind: string, params: Record<string, string | number | boolean | null>) => timelineText({ kind, params }, v);

describe('timeline sentences', () => {
  it('a follow-up with whom, what was said and the next step', () => {
    const out = text('follow_up.logged', { method: 'phone', summary: '确认了预算', contactName: '王芳', nextAction: '发报价', nextFollowUpAt: '2026-12-03T01:00:00Z', ownerName: '赵磊' });
    expect(out.sentence).toEqual({ key: 'timeline.kinds.follow_up.logged_with', params: { method: 'M(phone)', contact: '王芳' } });
    expect(out.quote).toBe('确认了预算');
    expect(out.next).toEqual({ key: 'timeline.next.both', params: { at: 'D(2026-12-03)', action: '发报价' } });
  });

  it('a follow-up without a contact or next step', () => {
    const out = text('follow_up.logged', { method: 'email', summary: 'x', contactName: null, nextAction: null, nextFollowUpAt: null });
    expect(out.sentence.key).toBe('timeline.kinds.follow_up.logged');
    expect(out.next).toBeNull();
  });

  it('stage and owner changes, by how the owner changed', () => {
    expect(text('customer.stage_changed', { from: 'potential', to: 'intent' }).sentence.params).toEqual({ from: 'S(potential)', to: 'S(intent)' });
    expect(text('customer.owner_changed', { from: null, to: '赵磊', via: 'claim' }).sentence).toEqual({ key: 'timeline.kinds.customer.owner_claimed', params: { to: '赵磊' } });
    expect(text('customer.owner_changed', { from: '赵磊', to: null, via: 'release' }).sentence.key).toBe('timeline.kinds.customer.owner_released');
    expect(text('customer.owner_changed', { from: null, to: null, via: 'reclaim', days: 30 }).sentence).toEqual({ key: 'timeline.kinds.customer.owner_reclaimed', params: { days: 30 } });
    expect(text('customer.owner_changed', { from: null, to: '李娜', via: 'assign' }).sentence.key).toBe('timeline.kinds.customer.owner_assigned');
    expect(text('customer.owner_changed', { from: '赵磊', to: '李娜', via: 'assign' }).sentence).toEqual({ key: 'timeline.kinds.customer.owner_changed', params: { from: '赵磊', to: '李娜' } });
  });

  it('orders: created, moved (with the reason or the tracking) and paid, opening the order', () => {
    expect(text('order.status_changed', { number: 'DD2026000001', from: 'paid', to: 'cancelled', note: '客户改期' })).toEqual({
      sentence: { key: 'timeline.kinds.order.status_changed', params: { number: 'DD2026000001', from: 'O(paid)', to: 'O(cancelled)' } },
      quote: '客户改期',
      next: null,
    });
    expect(text('order.payment_recorded', { number: 'DD2026000001', amount: '¥300.00', method: 'alipay' }).sentence.params).toEqual({ number: 'DD2026000001', amount: '¥300.00', method: 'P(alipay)' });
    expect(timelineTarget({ entityType: 'order', entityId: 'o1' }, { type: 'customer', id: 'c1' })).toEqual({ type: 'path', to: '/orders/o1' });
  });
  it('tasks, contacts, conversions, merges and feedback', () => {
    expect(text('task.created', { title: '回访', type: 'call', dueAt: '2026-12-03T01:00:00Z', assigneeName: '赵磊' }).sentence.params).toEqual({
      title: '回访',
      type: 'T(call)',
      due: 'D(2026-12-03)',
      assignee: '赵磊',
    });
    expect(text('task.done', { title: '回访', type: 'call' }).sentence.key).toBe('timeline.kinds.task.done');
    expect(text('contact.added', { name: '王芳', title: '采购经理' }).sentence.key).toBe('timeline.kinds.contact.added_with_title');
    expect(text('contact.added', { name: '王芳', title: null }).sentence.key).toBe('timeline.kinds.contact.added');
    expect(text('lead.converted', { number: 'XS1', contactName: '王芳', createdCustomer: true }).sentence.key).toBe('timeline.kinds.lead.converted_new');
    expect(text('lead.converted', { number: 'XS1', contactName: '王芳', createdCustomer: false }).sentence.key).toBe('timeline.kinds.lead.converted_existing');
    expect(text('customer.merged', { mergedNumber: 'KH2', mergedName: '旧公司' }).sentence.params).toEqual({ name: '旧公司', number: 'KH2' });
    expect(text('feedback.status_changed', { from: 'open', to: 'resolved', title: '导出慢' }).sentence.params).toEqual({ title: '导出慢', from: 'F(open)', to: 'F(resolved)' });
    expect(text('feedback.created', { kind: 'complaint', title: '导出慢' }).sentence.params).toEqual({ kind: 'K(complaint)', title: '导出慢' });
    expect(text('quote.sent', { number: 'BJ2026001', title: '年度采购', totalFen: 1_234_567, currency: 'CNY' }).sentence).toEqual({ key: 'timeline.kinds.quote.sent', params: { number: 'BJ2026001', title: '年度采购', total: 'CNY 1234567' } });
    expect(text('quote.expired', { number: 'BJ2026001' }).sentence.params).toEqual({ number: 'BJ2026001', title: '—', total: '—' });
    // Mailed to a contact: to whom, the subject quoted below.
    const mailed = text('quote.sent', { number: 'BJ2026001', title: '年度采购', totalFen: 1_234_567, currency: 'CNY', contactName: '王芳', to: 'wangfang@mingde.example', subject: '明德设备联网一期报价' });
    expect(mailed.sentence).toEqual({ key: 'timeline.kinds.quote.sent_to', params: { number: 'BJ2026001', title: '年度采购', total: 'CNY 1234567', contact: '王芳', to: 'wangfang@mingde.example' } });
    expect(mailed.quote).toBe('明德设备联网一期报价');
  });

  it('missing params read as a dash instead of breaking the sentence', () => {
    expect(text('customer.created', {}).sentence.params).toEqual({ name: '—', number: '—' });
  });

  it('an unknown kind still shows, generically, with its plain values', () => {
    const out = text('campaign.finished', { amount: 120000, closedAt: '2026-12-01T00:00:00Z', flag: true, none: null });
    expect(out.sentence).toEqual({ key: 'timeline.generic', params: { kind: 'campaign.finished' } });
    expect(out.quote).toBe('amount: 120000 · closedAt: D(2026-12-01)');
  });
});

describe('timeline links', () => {
  const customer = { type: 'customer' as const, id: 'c1' };
  const lead = { type: 'lead' as const, id: 'l1' };

  it('opens the record an entry is about', () => {
    expect(timelineTarget({ entityType: 'follow_up', entityId: 'f1' }, customer)).toEqual({ type: 'followUp', id: 'f1' });
    expect(timelineTarget({ entityType: 'task', entityId: 't1' }, customer)).toEqual({ type: 'task', id: 't1' });
    expect(timelineTarget({ entityType: 'quote', entityId: 'q1' }, customer)).toEqual({ type: 'path', to: '/quotes/q1' });
    expect(timelineTarget({ entityType: 'contact', entityId: 'p1' }, customer)).toEqual({ type: 'contacts' });
    expect(timelineTarget({ entityType: 'lead', entityId: 'l1' }, customer)).toEqual({ type: 'path', to: '/leads/l1' });
    expect(timelineTarget({ entityType: 'customer', entityId: 'c2' }, lead)).toEqual({ type: 'path', to: '/customers/c2' });
    expect(timelineTarget({ entityType: 'feedback', entityId: 'b1' }, customer)).toEqual({ type: 'path', to: '/feedback?feedbackId=b1' });
  });

  it('does not link a page to itself, nor to what it cannot open', () => {
    expect(timelineTarget({ entityType: 'customer', entityId: 'c1' }, customer)).toBeNull();
    expect(timelineTarget({ entityType: 'lead', entityId: 'l1' }, lead)).toBeNull();
    expect(timelineTarget({ entityType: 'contact', entityId: 'p1' }, lead)).toBeNull();
    expect(timelineTarget({ entityType: 'campaign', entityId: 'o1' }, customer)).toBeNull();
  });
});

describe('kind filter', () => {
  it('sends the chosen prefixes, nothing when all or none are chosen', () => {
    expect(kindsParam(['task', 'follow_up'])).toBe('follow_up,task');
    expect(kindsParam([])).toBeUndefined();
    expect(kindsParam([...TIMELINE_KIND_GROUPS])).toBeUndefined();
    expect(kindsParam(['quote'])).toBe('quote');
  });
});

describe('every sentence has its text in both languages', () => {
  type Tree = { [key: string]: string | Tree };
  const lookup = (tree: Tree, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Tree)[part] : undefined), tree);
  const samples: [string, Record<string, string | number | boolean | null>][] = [
    ['customer.created', { name: 'n', number: 'k' }],
    ['customer.stage_changed', { from: 'potential', to: 'intent' }],
    ['customer.owner_changed', { from: null, to: 'a', via: 'claim' }],
    ['customer.owner_changed', { from: 'a', to: null, via: 'release' }],
    ['customer.owner_changed', { from: null, to: null, via: 'reclaim', days: 3 }],
    ['customer.owner_changed', { from: null, to: 'a', via: 'assign' }],
    ['customer.owner_changed', { from: 'a', to: null, via: 'assign' }],
    ['customer.owner_changed', { from: 'a', to: 'b', via: 'assign' }],
    ['customer.merged', { mergedName: 'm', mergedNumber: 'k' }],
    ['contact.added', { name: 'n', title: null }],
    ['contact.added', { name: 'n', title: 't' }],
    ['lead.converted', { createdCustomer: true }],
    ['lead.converted', { createdCustomer: false }],
    ['follow_up.logged', { method: 'phone', contactName: null, nextAction: 'x', nextFollowUpAt: null }],
    ['follow_up.logged', { method: 'phone', contactName: 'c', nextAction: null, nextFollowUpAt: '2026-12-03T01:00:00Z' }],
    ['follow_up.logged', { method: 'phone', nextAction: 'x', nextFollowUpAt: '2026-12-03T01:00:00Z' }],
    ['task.created', { title: 't' }],
    ['task.done', { title: 't' }],
    ['task.cancelled', { title: 't' }],
    ['feedback.created', { kind: 'complaint', title: 't' }],
    ['feedback.status_changed', { from: 'open', to: 'closed', title: 't' }],
    ['order.created', { number: 'DD2026000001', total: '¥1.00' }],
    ['order.status_changed', { number: 'DD2026000001', from: 'paid', to: 'cancelled', note: '改期' }],
    ['order.payment_recorded', { number: 'DD2026000001', amount: '¥1.00', method: 'cash' }],
    ['quote.created', { number: 'BJ2026001', title: 't', totalFen: 123456, currency: 'CNY' }],
    ['quote.sent', { number: 'BJ2026001', title: 't', totalFen: 123456, currency: 'CNY' }],
    ['quote.sent', { number: 'BJ2026001', title: 't', totalFen: 123456, currency: 'CNY', contactName: 'c', to: 'c@example.com', subject: 's' }],
    ['quote.accepted', { number: 'BJ2026001', title: 't', totalFen: 123456, currency: 'CNY' }],
    ['quote.rejected', { number: 'BJ2026001', title: 't', totalFen: 123456, currency: 'CNY' }],
    ['quote.expired', { number: 'BJ2026001', title: 't', totalFen: 123456, currency: 'CNY' }],
    ['something.new', {}],
  ];

  it('zh-CN and en', async () => {
    const zh = (await import('../../locales/zh-CN.json', { with: { type: 'json' } })).default as Tree;
    const en = (await import('../../locales/en.json', { with: { type: 'json' } })).default as Tree;
    for (const [kind, params] of samples) {
      const out = timelineText({ kind, params }, v);
      for (const key of [out.sentence.key, ...(out.next ? [out.next.key] : [])]) {
        expect(typeof lookup(zh, key), `${kind} → ${key} (zh-CN)`).toBe('string');
        expect(typeof lookup(en, key), `${kind} → ${key} (en)`).toBe('string');
      }
    }
  });
});

describe('sales entries', () => {
  it('an opportunity created, moved and won, with its amount, stage names in the reader language and the reason', () => {
    expect(text('opportunity.created', { name: 'ERP 一期', amountFen: 1000, currency: 'CNY', stage: '初步接触', stageEn: 'Initial contact' }).sentence).toEqual({
      key: 'timeline.kinds.opportunity.created',
      params: { name: 'ERP 一期', amount: 'CNY 1000', stage: 'L(初步接触|Initial contact)' },
    });
    expect(text('opportunity.stage_changed', { name: 'x', from: '需求分析', fromEn: 'Needs analysis', to: '方案报价', toEn: 'Proposal' }).sentence.params).toEqual({ name: 'x', from: 'L(需求分析|Needs analysis)', to: 'L(方案报价|Proposal)' });
    const won = text('opportunity.won', { name: 'x', amountFen: 5, currency: 'USD', reason: '价格优势' });
    expect(won.sentence).toEqual({ key: 'timeline.kinds.opportunity.won', params: { name: 'x', amount: 'USD 5' } });
    expect(won.quote).toBe('价格优势');
  });

  it('open their records', () => {
    for (const type of ['opportunity', 'quote', 'order', 'contract']) {
      expect(timelineTarget({ entityType: type, entityId: 'r1' }, { type: 'customer', id: 'c1' })).toEqual({ type: 'path', to: `/${type === 'opportunity' ? 'opportunities' : `${type}s`}/r1` });
    }
  });
});

describe('contract entries', () => {
  it('show the amount formatted from fen and open the contract', () => {
    const v = { method: String, stage: String, taskType: String, feedbackKind: String, feedbackStatus: String, dateTime: String, localized: String, money: String, orderStatus: String, paymentMethod: String } as TimelineVocabulary;
    expect(timelineText({ kind: 'contract.payment_recorded', params: { number: 'HT2026001', amountFen: 1_234_567, currency: 'CNY', paidOn: '2026-03-01' } }, v).sentence).toEqual({
      key: 'timeline.kinds.contract.payment_recorded',
      params: { number: 'HT2026001', title: '—', amount: '¥12,345.67', signedOn: '—', reason: '—', endsOn: '—', paidOn: '2026-03-01' },
    });
    expect(timelineTarget({ entityType: 'contract', entityId: 'k1' }, { type: 'customer', id: 'c1' })).toEqual({ type: 'path', to: '/contracts/k1' });
  });
});
