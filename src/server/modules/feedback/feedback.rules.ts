import type { FeedbackStatus } from '../../../contracts/feedback.ts';

/**
 * The closed loop of a piece of feedback: open → in progress → resolved → closed. Resolving
 * needs an outcome (what was done about it), so that a closed complaint says how it ended; a
 * resolved one may be reopened when the customer is not satisfied, a closed one may not.
 */
export const FEEDBACK_TRANSITIONS: Record<FeedbackStatus, readonly FeedbackStatus[]> = {
  open: ['in_progress', 'resolved', 'closed'],
  in_progress: ['open', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};

export function feedbackTransition(from: FeedbackStatus, to: FeedbackStatus, outcome: string | null, now: Date): { resolvedAt?: Date | null; closedAt?: Date } | { refused: 'feedback.transition' | 'feedback.outcomeRequired' } {
  if (from === to) return {};
  if (!FEEDBACK_TRANSITIONS[from].includes(to)) return { refused: 'feedback.transition' };
  if ((to === 'resolved' || to === 'closed') && !outcome?.trim()) return { refused: 'feedback.outcomeRequired' };
  if (to === 'resolved') return { resolvedAt: now };
  if (to === 'closed') return { closedAt: now };
  // Back to work: no longer resolved.
  return { resolvedAt: null };
}
