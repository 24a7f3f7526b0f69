import type { Feedback, FeedbackKind, FeedbackStatus } from '../../../contracts/feedback.ts';
import { emptyToNull } from '../../app/validation.ts';
import type { CreateFeedbackBody, UpdateFeedbackBody } from './feedback.api.ts';

/** The feedback form's values and how they become the API's create and update bodies. */

/** A new feedback of a given customer (its tab) shows that customer fixed; from the list page it is picked. */
export type FeedbackFormTarget = { mode: 'create'; customer?: { id: string; name: string } } | { mode: 'edit'; feedback: Feedback };

export type FeedbackValues = {
  customerId?: string | null;
  contactId?: string | null;
  kind: FeedbackKind;
  title: string;
  content?: string;
  handlerId?: string | null;
  status?: FeedbackStatus;
  handlingNotes?: string;
  outcome?: string;
};


export function initialFeedbackValues(target: FeedbackFormTarget): FeedbackValues {
  if (target.mode === 'create') return { customerId: target.customer?.id ?? null, contactId: null, kind: 'requirement', title: '', content: '', handlerId: null };
  const f = target.feedback;
  return {
    customerId: f.customerId,
    contactId: f.contactId,
    kind: f.kind,
    title: f.title,
    content: f.content ?? '',
    handlerId: f.handlerId,
    status: f.status,
    handlingNotes: f.handlingNotes ?? '',
    outcome: f.outcome ?? '',
  };
}

/** Only what changed goes into the PATCH, with the version it was read at. */
export function feedbackChanges(f: Feedback, v: FeedbackValues): UpdateFeedbackBody | null {
  const body: UpdateFeedbackBody = { version: f.version };
  if (v.kind !== f.kind) body.kind = v.kind;
  if (v.title.trim() !== f.title) body.title = v.title.trim();
  if (emptyToNull(v.content) !== f.content) body.content = emptyToNull(v.content);
  if (v.handlerId !== undefined && (v.handlerId ?? null) !== f.handlerId) body.handlerId = v.handlerId ?? null;
  if (v.status && v.status !== f.status) body.status = v.status;
  if (emptyToNull(v.handlingNotes) !== f.handlingNotes) body.handlingNotes = emptyToNull(v.handlingNotes);
  if (emptyToNull(v.outcome) !== f.outcome) body.outcome = emptyToNull(v.outcome);
  return Object.keys(body).length > 1 ? body : null;
}

export function toCreateFeedbackBody(v: FeedbackValues): CreateFeedbackBody {
  return {
    customerId: v.customerId ?? '',
    contactId: v.contactId ?? null,
    kind: v.kind,
    title: v.title.trim(),
    content: emptyToNull(v.content),
    handlerId: v.handlerId ?? null,
  };
}
