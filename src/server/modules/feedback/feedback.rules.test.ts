import { describe, expect, it } from 'vitest';
import { FEEDBACK_STATUSES } from '../../../contracts/feedback.ts';
import { FEEDBACK_TRANSITIONS, feedbackTransition } from './feedback.rules.ts';

const now = new Date('2026-03-02T10:00:00Z');

describe('the feedback loop', () => {
  it('stamps resolving and closing, and clears resolved when work starts again', () => {
    expect(feedbackTransition('open', 'in_progress', null, now)).toEqual({ resolvedAt: null });
    expect(feedbackTransition('in_progress', 'resolved', '更换了配件', now)).toEqual({ resolvedAt: now });
    expect(feedbackTransition('resolved', 'closed', '更换了配件', now)).toEqual({ closedAt: now });
    expect(feedbackTransition('resolved', 'in_progress', '更换了配件', now)).toEqual({ resolvedAt: null });
    expect(feedbackTransition('open', 'open', null, now)).toEqual({});
  });
  it('needs an outcome to resolve or close', () => {
    expect(feedbackTransition('in_progress', 'resolved', '  ', now)).toEqual({ refused: 'feedback.outcomeRequired' });
    expect(feedbackTransition('open', 'closed', null, now)).toEqual({ refused: 'feedback.outcomeRequired' });
  });
  it('never reopens a closed one, and allows every other listed step', () => {
    for (const to of FEEDBACK_STATUSES.filter((s) => s !== 'closed')) expect(feedbackTransition('closed', to, 'x', now)).toEqual({ refused: 'feedback.transition' });
    expect(feedbackTransition('resolved', 'open', 'x', now)).toEqual({ refused: 'feedback.transition' });
    for (const from of FEEDBACK_STATUSES) for (const to of FEEDBACK_TRANSITIONS[from]) expect(feedbackTransition(from, to, 'x', now)).not.toHaveProperty('refused');
  });
});
