import dayjs, { type Dayjs } from 'dayjs';
import { REMINDER_PRESETS } from '../../../contracts/tasks.ts';
import { type FollowUp } from '../../../contracts/followups.ts';
import { emptyToNull } from '../../app/validation.ts';
import type { CreateFollowUpBody, UpdateFollowUpBody } from './followups.api.ts';

/** The follow-up form's values, its quick picks, and how they become the API's bodies. */

/** "No reminder" in the reminder select (the API's null). */
export const NO_REMINDER = -1;
export const DEFAULT_REMINDER = 15;
/** Reminder choices: none, then the contract's presets (minutes before the time). */
export const REMINDER_CHOICES: readonly number[] = [NO_REMINDER, ...REMINDER_PRESETS];

export type QuickPick = 'tomorrow' | 'in3Days' | 'nextWeek';
export const QUICK_PICKS: readonly QuickPick[] = ['tomorrow', 'in3Days', 'nextWeek'];

/**
 * The next follow-up time a quick pick stands for, seen from `now` (local time): tomorrow at 9:00,
 * three days from now at 9:00, or Monday of next week at 9:00.
 */
export function quickPickTime(pick: QuickPick, now: Dayjs): Dayjs {
  const nine = (d: Dayjs) => d.hour(9).minute(0).second(0).millisecond(0);
  switch (pick) {
    case 'tomorrow':
      return nine(now.add(1, 'day'));
    case 'in3Days':
      return nine(now.add(3, 'day'));
    case 'nextWeek': {
      // day(): 0 = Sunday … 6 = Saturday; Monday of the following week is 1–7 days ahead.
      const ahead = ((8 - now.day()) % 7) || 7;
      return nine(now.add(ahead, 'day'));
    }
  }
}

/** How a reminder choice reads: its locale key and the number to put in it. */
export function reminderLabel(minutes: number): { key: 'none' | 'atTime' | 'minutes' | 'hours' | 'days'; count: number } {
  if (minutes === NO_REMINDER) return { key: 'none', count: 0 };
  if (minutes === 0) return { key: 'atTime', count: 0 };
  if (minutes % 1440 === 0) return { key: 'days', count: minutes / 1440 };
  if (minutes % 60 === 0) return { key: 'hours', count: minutes / 60 };
  return { key: 'minutes', count: minutes };
}

export type FollowUpValues = {
  method?: string;
  happenedAt?: Dayjs | null;
  contactId?: string | null;
  content?: string;
  feedback?: string;
  agreements?: string;
  openQuestions?: string;
  nextAction?: string;
  nextFollowUpAt?: Dayjs | null;
  reminderMinutes?: number;
  /** Whom the follow-up (and its task) is on; only managers choose, the default is oneself. */
  ownerId?: string | null;
};

export type FollowUpSubject = { customerId?: string | null; leadId?: string | null; meId?: string };

export function initialFollowUpValues(now: Dayjs, f: FollowUp | null | undefined, contactId?: string | null, defaultMethod?: string): FollowUpValues {
  if (!f) {
    return {
      method: defaultMethod,
      happenedAt: now.millisecond(0),
      contactId: contactId ?? null,
      content: '',
      feedback: '',
      agreements: '',
      openQuestions: '',
      nextAction: '',
      nextFollowUpAt: null,
      reminderMinutes: DEFAULT_REMINDER,
    };
  }
  return {
    method: f.method,
    happenedAt: dayjs(f.happenedAt),
    contactId: f.contactId,
    content: f.content,
    feedback: f.feedback ?? '',
    agreements: f.agreements ?? '',
    openQuestions: f.openQuestions ?? '',
    nextAction: f.nextAction ?? '',
    nextFollowUpAt: null,
    reminderMinutes: DEFAULT_REMINDER,
  };
}

function iso(d: Dayjs | null | undefined): string | null {
  return d ? d.toISOString() : null;
}

/** The body that logs a new follow-up on a customer or a lead. */
export function toCreateBody(values: FollowUpValues, subject: FollowUpSubject): CreateFollowUpBody {
  const body: CreateFollowUpBody = {
    method: values.method ?? '',
    happenedAt: iso(values.happenedAt) ?? '',
    content: (values.content ?? '').trim(),
    feedback: emptyToNull(values.feedback),
    agreements: emptyToNull(values.agreements),
    openQuestions: emptyToNull(values.openQuestions),
    nextAction: emptyToNull(values.nextAction),
  };
  if (subject.customerId) body.customerId = subject.customerId;
  else if (subject.leadId) body.leadId = subject.leadId;
  if (values.contactId) body.contactId = values.contactId;
  if (values.ownerId && values.ownerId !== subject.meId) body.ownerId = values.ownerId;
  if (values.nextFollowUpAt) {
    body.nextFollowUpAt = iso(values.nextFollowUpAt);
    body.reminderMinutes = values.reminderMinutes === undefined ? DEFAULT_REMINDER : values.reminderMinutes === NO_REMINDER ? null : values.reminderMinutes;
  }
  return body;
}

/** Only what changed goes into the PATCH, with the version the edit started from; null when nothing did. */
export function toUpdateBody(f: FollowUp, values: FollowUpValues): UpdateFollowUpBody | null {
  const body: UpdateFollowUpBody = { version: f.version };
  let changed = false;
  const set = <K extends keyof UpdateFollowUpBody>(key: K, value: UpdateFollowUpBody[K], before: unknown) => {
    if (value !== before) {
      body[key] = value;
      changed = true;
    }
  };
  if (values.method !== undefined) set('method', values.method, f.method);
  if (values.happenedAt && values.happenedAt.valueOf() !== new Date(f.happenedAt).getTime()) set('happenedAt', values.happenedAt.toISOString(), f.happenedAt);
  set('contactId', values.contactId ?? null, f.contactId);
  set('content', (values.content ?? '').trim(), f.content);
  set('feedback', emptyToNull(values.feedback), f.feedback);
  set('agreements', emptyToNull(values.agreements), f.agreements);
  set('openQuestions', emptyToNull(values.openQuestions), f.openQuestions);
  set('nextAction', emptyToNull(values.nextAction), f.nextAction);
  return changed ? body : null;
}
