import { describe, expect, it } from 'vitest';
import type { Feedback } from '../../../contracts/feedback.ts';
import { feedbackChanges, initialFeedbackValues, toCreateFeedbackBody } from './feedbackForm.ts';

const f = {
  id: 'b1',
  customerId: 'c1',
  customerName: '某公司',
  contactId: null,
  kind: 'complaint',
  title: '包装破损',
  content: null,
  status: 'open',
  handlerId: null,
  handlingNotes: null,
  outcome: null,
  version: 2,
} as Feedback;

describe('feedback form', () => {
  it('records new feedback of the chosen customer, empty texts as null', () => {
    const v = { ...initialFeedbackValues({ mode: 'create', customer: { id: 'c1', name: '某公司' } }), title: ' 希望支持导出 ', kind: 'requirement' as const };
    expect(toCreateFeedbackBody(v)).toEqual({ customerId: 'c1', contactId: null, kind: 'requirement', title: '希望支持导出', content: null, handlerId: null });
  });

  it('updates only what changed, handling included', () => {
    const same = initialFeedbackValues({ mode: 'edit', feedback: f });
    expect(feedbackChanges(f, same)).toBeNull();
    expect(feedbackChanges(f, { ...same, status: 'resolved', outcome: '已补发', handlingNotes: '  ' })).toEqual({ version: 2, status: 'resolved', outcome: '已补发' });
  });
});
