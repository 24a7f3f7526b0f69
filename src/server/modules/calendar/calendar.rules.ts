import crypto from 'node:crypto';
import type { TaskPriority, TaskStatus, TaskType } from '../../../contracts/tasks.ts';

/**
 * The private iCalendar feed: writing RFC 5545 text and turning tasks into events. Pure
 * functions, no dependency: the feed is small and the format's traps (folding by octets,
 * escaping, CRLF) are easier to test here than to configure in a library.
 */

// ------------------------------------------------------------------------------------------
// Feed tokens

/** 32 random bytes as base64url (what `randomSecret()` makes): 43 characters, no padding. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * What `calendar_feeds.token_hash` keeps of a token: its SHA-256 (base64url). No key is needed:
 * the token has 256 random bits, so the hash cannot be turned back into a working URL, and a
 * calendar subscribed on a phone keeps working when APP_SECRET changes.
 */
export function feedTokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

/** Last-fetched times are written at most this often, so a polling calendar app does not turn reads into writes. */
export const TOUCH_EVERY_MS = 60_000;

/** The feed's path for a token; the route is `GET /ical/:token.ics`. */
export function feedPath(token: string): string {
  return `/ical/${token}.ics`;
}

// ------------------------------------------------------------------------------------------
// RFC 5545 writing

export const CRLF = '\r\n';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
export const MAX_LINE_OCTETS = 75;

function utf8Octets(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Folds one content line (RFC 5545 §3.1): every physical line at most 75 octets of UTF-8, the
 * continuation lines starting with one space (which counts), never splitting a character.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Octets(ch.codePointAt(0) ?? 0);
    if (octets + n > MAX_LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join(CRLF);
}

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line break
 * (CRLF, CR or LF) written as `\n`, other control characters (but tab) dropped since TEXT does
 * not allow them, lone surrogates replaced so the UTF-8 is valid.
 */
export function escapeText(value: string): string {
  return value
    .toWellFormed()
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/[^\P{Cc}\t]/gu, '');
}

/** A UTC DATE-TIME in the `Z` form (RFC 5545 §3.3.5, form #2): `20260105T013000Z`. */
export function formatUtc(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** A DURATION in minutes (RFC 5545 §3.3.6): `PT30M`, `-PT15M`, `PT0M`. */
export function formatMinutes(minutes: number): string {
  const whole = Math.round(minutes);
  return `${whole < 0 ? '-' : ''}PT${Math.abs(whole)}M`;
}

/** One content line, folded: `NAME;PARAM=VALUE:value`. `value` must already be in its type's form. */
export function contentLine(name: string, value: string, params: Readonly<Record<string, string>> = {}): string {
  const paramText = Object.entries(params)
    .map(([k, v]) => `;${k}=${/[:;,"]/.test(v) ? `"${v.replace(/"/g, '')}"` : v}`)
    .join('');
  return foldLine(`${name}${paramText}:${value}`);
}

export type EventStatus = 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';

export interface CalendarEvent {
  /** Globally unique and stable across fetches, so calendar apps update instead of duplicating. */
  uid: string;
  dtstamp: Date;
  start: Date;
  durationMinutes: number;
  summary: string;
  description: string | null;
  status: EventStatus;
  sequence: number;
  categories: readonly string[];
  created: Date | null;
  lastModified: Date | null;
  /** Does not block time in free/busy (tasks are reminders, not meetings). */
  transparent: boolean;
  /** A display alarm this many minutes before the start. */
  alarm: { minutesBefore: number; description: string } | null;
}

export interface Calendar {
  prodId: string;
  name: string;
  /** IANA zone the calendar app should show the events in (X-WR-TIMEZONE). */
  timeZone: string;
  /** How often a subscriber should fetch again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshMinutes: number;
  events: readonly CalendarEvent[];
}

function eventLines(e: CalendarEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    contentLine('UID', escapeText(e.uid)),
    contentLine('DTSTAMP', formatUtc(e.dtstamp)),
    contentLine('DTSTART', formatUtc(e.start)),
    contentLine('DURATION', formatMinutes(e.durationMinutes)),
    contentLine('SUMMARY', escapeText(e.summary)),
  ];
  if (e.description) lines.push(contentLine('DESCRIPTION', escapeText(e.description)));
  lines.push(contentLine('STATUS', e.status), contentLine('SEQUENCE', String(Math.max(0, Math.trunc(e.sequence)))));
  if (e.categories.length > 0) lines.push(contentLine('CATEGORIES', e.categories.map(escapeText).join(',')));
  if (e.created) lines.push(contentLine('CREATED', formatUtc(e.created)));
  if (e.lastModified) lines.push(contentLine('LAST-MODIFIED', formatUtc(e.lastModified)));
  lines.push(contentLine('TRANSP', e.transparent ? 'TRANSPARENT' : 'OPAQUE'));
  if (e.alarm) {
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      contentLine('TRIGGER', formatMinutes(-e.alarm.minutesBefore)),
      contentLine('DESCRIPTION', escapeText(e.alarm.description)),
      'END:VALARM',
    );
  }
  lines.push('END:VEVENT');
  return lines;
}

/** A whole VCALENDAR object, CRLF after every line (the last one too). */
export function serializeCalendar(cal: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    contentLine('PRODID', escapeText(cal.prodId)),
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    contentLine('X-WR-CALNAME', escapeText(cal.name)),
    contentLine('NAME', escapeText(cal.name)),
    contentLine('X-WR-TIMEZONE', escapeText(cal.timeZone)),
    contentLine('REFRESH-INTERVAL', formatMinutes(cal.refreshMinutes), { VALUE: 'DURATION' }),
    contentLine('X-PUBLISHED-TTL', formatMinutes(cal.refreshMinutes)),
  ];
  for (const e of cal.events) lines.push(...eventLines(e));
  lines.push('END:VCALENDAR');
  return lines.join(CRLF) + CRLF;
}

// ------------------------------------------------------------------------------------------
// Tasks as events

/** A task of the feed's user as the feed query reads it. */
export interface FeedTask {
  id: string;
  title: string;
  type: TaskType;
  description: string | null;
  dueAt: Date;
  reminderMinutes: number | null;
  priority: TaskPriority;
  status: TaskStatus;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** Set when the task is the next appointment of a follow-up (跟进). */
  followUpId: string | null;
  customerName: string | null;
  contactName: string | null;
  leadNumber: string | null;
  leadContactName: string | null;
  leadCompanyName: string | null;
}

export type FeedLocale = 'zh-CN' | 'en';

/** How long a task takes in the calendar: tasks have a due time but no end. */
export const TASK_EVENT_MINUTES = 30;
/** What subscribers are asked to keep between fetches (the HTTP answer says 5 minutes). */
export const FEED_REFRESH_MINUTES = 30;

interface Labels {
  calendarName: (user: string) => string;
  followUp: string;
  field: { type: string; priority: string; customer: string; contact: string; lead: string; status: string };
  colon: string;
  type: Record<TaskType, string>;
  priority: Record<TaskPriority, string>;
  status: Record<TaskStatus, string>;
}

const LABELS: Record<FeedLocale, Labels> = {
  'zh-CN': {
    calendarName: (user) => `Kehu 任务 – ${user}`,
    followUp: '跟进',
    field: { type: '类型', priority: '优先级', customer: '客户', contact: '联系人', lead: '线索', status: '状态' },
    colon: '：',
    type: { call: '电话', email: '邮件', meeting: '会议', visit: '拜访', other: '其他' },
    priority: { low: '低', normal: '普通', high: '高', urgent: '紧急' },
    status: { open: '待办', done: '已完成', cancelled: '已取消' },
  },
  en: {
    calendarName: (user) => `Kehu tasks – ${user}`,
    followUp: 'Follow-up',
    field: { type: 'Type', priority: 'Priority', customer: 'Customer', contact: 'Contact', lead: 'Lead', status: 'Status' },
    colon: ': ',
    type: { call: 'Call', email: 'E-mail', meeting: 'Meeting', visit: 'Visit', other: 'Other' },
    priority: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' },
    status: { open: 'Open', done: 'Done', cancelled: 'Cancelled' },
  },
};

export const DONE_MARK = '✓ ';

export function calendarName(userDisplayName: string, locale: FeedLocale): string {
  return LABELS[locale].calendarName(userDisplayName);
}

/** Who a task is about: the customer, else the lead's company or contact. */
function partyOf(task: FeedTask): string | null {
  return task.customerName ?? task.leadCompanyName ?? task.leadContactName ?? null;
}

/**
 * The event's title: the task's title, `跟进：<customer> · <title>` for a follow-up appointment
 * (the customer left out when the title names it already), `✓ ` in front when done.
 */
export function taskSummary(task: FeedTask, locale: FeedLocale): string {
  const l = LABELS[locale];
  let summary = task.title;
  if (task.followUpId) {
    const party = partyOf(task);
    const what = party && !task.title.includes(party) ? `${party} · ${task.title}` : task.title;
    summary = `${l.followUp}${l.colon}${what}`;
  }
  return task.status === 'done' ? DONE_MARK + summary : summary;
}

/** Type, priority, customer or lead, contact, status when closed, then the task's own text. */
export function taskDescription(task: FeedTask, locale: FeedLocale): string {
  const l = LABELS[locale];
  const line = (label: string, value: string) => `${label}${l.colon}${value}`;
  const lines = [line(l.field.type, l.type[task.type]), line(l.field.priority, l.priority[task.priority])];
  if (task.customerName) lines.push(line(l.field.customer, task.customerName));
  if (task.leadNumber) {
    const who = [task.leadContactName, task.leadCompanyName].filter(Boolean).join(' · ');
    lines.push(line(l.field.lead, who ? `${task.leadNumber} ${who}` : task.leadNumber));
  }
  if (task.contactName) lines.push(line(l.field.contact, task.contactName));
  if (task.status !== 'open') lines.push(line(l.field.status, l.status[task.status]));
  const body = task.description?.trim();
  return body ? `${lines.join('\n')}\n\n${body}` : lines.join('\n');
}

export function taskToEvent(task: FeedTask, locale: FeedLocale): CalendarEvent {
  const l = LABELS[locale];
  const summary = taskSummary(task, locale);
  return {
    uid: `${task.id}@kehu`,
    dtstamp: task.updatedAt,
    start: task.dueAt,
    durationMinutes: TASK_EVENT_MINUTES,
    summary,
    description: taskDescription(task, locale),
    status: task.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    sequence: task.version,
    categories: task.followUpId ? ['Kehu', l.followUp, l.type[task.type]] : ['Kehu', l.type[task.type]],
    created: task.createdAt,
    lastModified: task.updatedAt,
    transparent: true,
    // A closed task reminds nobody.
    alarm: task.status === 'open' && task.reminderMinutes !== null ? { minutesBefore: task.reminderMinutes, description: summary } : null,
  };
}

/** The whole feed of one user. */
export function taskCalendar(input: { userDisplayName: string; timeZone: string; locale: FeedLocale; tasks: readonly FeedTask[] }): string {
  return serializeCalendar({
    prodId: `-//Kehu//Kehu CRM//${input.locale === 'en' ? 'EN' : 'ZH'}`,
    name: calendarName(input.userDisplayName, input.locale),
    timeZone: input.timeZone,
    refreshMinutes: FEED_REFRESH_MINUTES,
    events: input.tasks.map((t) => taskToEvent(t, input.locale)),
  });
}
