import { describe, expect, it } from 'vitest';
import type { Mailing } from '../../../contracts/mailings.ts';
import {
  defaultTemplate,
  formatRate,
  initialMailingValues,
  insertMergeField,
  mailingActions,
  mailingChanges,
  mailingFieldOf,
  parseAddresses,
  rateOf,
  toCreateMailingBody,
  variantOf,
  type MailingValues,
} from './mailingForm.ts';

const CAMPAIGN = '11111111-1111-4111-8111-111111111111';
const SEGMENT = '22222222-2222-4222-8222-222222222222';

const values = (patch: Partial<MailingValues> = {}): MailingValues => ({ ...initialMailingValues(null, '春季展会'), name: ' 邀请函 ', subject: ' 您好 ', ...patch });

const mailing = (patch: Partial<Mailing> = {}): Mailing => ({
  id: '33333333-3333-4333-8333-333333333333',
  campaignId: CAMPAIGN,
  campaignName: '春季展会',
  name: '邀请函',
  subjects: [{ key: 'A', subject: '您好' }],
  abTest: null,
  html: '<p>hi</p>',
  text: null,
  fromName: null,
  replyTo: null,
  segmentId: SEGMENT,
  segmentName: '名单',
  contacts: 'primary',
  tracking: true,
  status: 'draft',
  winner: null,
  decideAt: null,
  noAddress: 0,
  counts: { recipients: 0, held: 0, queued: 0, sent: 0, failed: 0, bounced: 0, unknown: 0, skipped: 0, opened: 0, clicked: 0, unsubscribed: 0 },
  startedAt: null,
  finishedAt: null,
  createdBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 3,
  ...patch,
});

describe('insertMergeField', () => {
  it('puts {{field}} at the cursor and moves the cursor after it', () => {
    expect(insertMergeField('Hello !', 6, 6, 'contact.name')).toEqual({ value: 'Hello {{contact.name}}!', cursor: 22 });
  });
  it('replaces a selection', () => {
    expect(insertMergeField('Dear NAME,', 5, 9, 'contact.name')).toEqual({ value: 'Dear {{contact.name}},', cursor: 21 });
  });
  it('appends when there is no cursor, and clamps one past the end', () => {
    expect(insertMergeField('ab', null, null, 'owner.name').value).toBe('ab{{owner.name}}');
    expect(insertMergeField('ab', 10, 12, 'owner.name')).toEqual({ value: 'ab{{owner.name}}', cursor: 16 });
  });
});

describe('the default template', () => {
  it('greets with a fallback name, links the unsubscribe page and escapes the campaign name', () => {
    const html = defaultTemplate('A<B>');
    expect(html).toContain('{{contact.name|客户}}');
    expect(html).toContain('{{unsubscribe_url}}');
    expect(html).toContain('A&lt;B&gt;');
  });
});

describe('the request body', () => {
  it('sends trimmed fields, nulls for empty boxes and no subject test with one subject', () => {
    expect(toCreateMailingBody(CAMPAIGN, values({ segmentId: SEGMENT, fromName: '  ', replyTo: 'Sales@Example.com', text: '  ' }))).toEqual({
      campaignId: CAMPAIGN,
      name: '邀请函',
      subject: '您好',
      otherSubjects: [],
      abTest: null,
      html: defaultTemplate('春季展会'),
      text: null,
      fromName: null,
      replyTo: 'Sales@Example.com',
      segmentId: SEGMENT,
      contacts: 'primary',
      tracking: true,
    });
  });
  it('sends the subject test with a second subject', () => {
    const body = toCreateMailingBody(CAMPAIGN, values({ otherSubjects: [' B '], samplePercent: 30, decideAfterMinutes: 60, metric: 'click' }));
    expect(body.otherSubjects).toEqual(['B']);
    expect(body.abTest).toEqual({ samplePercent: 30, decideAfterMinutes: 60, metric: 'click' });
  });
  it('sends only what changed on a draft, with its version', () => {
    const m = mailing();
    expect(mailingChanges(m, initialMailingValues(m, m.campaignName))).toBeNull();
    expect(mailingChanges(m, { ...initialMailingValues(m, m.campaignName), subject: '新主题', tracking: false })).toEqual({ version: 3, subject: '新主题', tracking: false });
    expect(mailingChanges(m, { ...initialMailingValues(m, m.campaignName), otherSubjects: ['B'] })).toEqual({
      version: 3,
      otherSubjects: ['B'],
      abTest: { samplePercent: 20, decideAfterMinutes: 240, metric: 'open' },
    });
  });
  it('fills the editor from a mailing with a subject test', () => {
    const m = mailing({ subjects: [{ key: 'A', subject: 'a' }, { key: 'B', subject: 'b' }], abTest: { samplePercent: 40, decideAfterMinutes: 30, metric: 'click' }, text: 'plain' });
    expect(initialMailingValues(m, m.campaignName)).toMatchObject({ subject: 'a', otherSubjects: ['b'], samplePercent: 40, decideAfterMinutes: 30, metric: 'click', text: 'plain' });
  });
});

describe('server issues on the editor', () => {
  it('maps paths to fields', () => {
    expect(mailingFieldOf('subject')).toBe('subject');
    expect(mailingFieldOf('body.html')).toBe('html');
    expect(mailingFieldOf('otherSubjects.1')).toEqual(['otherSubjects', 1]);
    expect(mailingFieldOf('otherSubjects')).toBe('subject');
    expect(mailingFieldOf('abTest')).toBe('samplePercent');
    expect(mailingFieldOf('abTest.metric')).toBe('metric');
    expect(mailingFieldOf('version')).toBeNull();
    expect(mailingFieldOf('')).toBeNull();
  });
});

describe('rates and the rest', () => {
  it('formats rates', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(0.5)).toBe('50%');
    expect(formatRate(1 / 3)).toBe('33.3%');
    expect(formatRate(rateOf(1, 0))).toBe('—');
    expect(rateOf(1, 4)).toBe(0.25);
  });
  it('offers the actions of each status', () => {
    expect(mailingActions('draft')).toEqual(['send', 'cancel']);
    expect(mailingActions('testing')).toEqual(['pause', 'cancel']);
    expect(mailingActions('paused')).toEqual(['resume', 'cancel']);
    expect(mailingActions('sent')).toEqual([]);
  });
  it('names the extra subjects B to D', () => {
    expect([0, 1, 2].map(variantOf)).toEqual(['B', 'C', 'D']);
  });
  it('reads addresses one a line', () => {
    expect(parseAddresses(' A@x.com\nb@y.com, a@x.com\n\n')).toEqual(['a@x.com', 'b@y.com']);
  });
});
