import type { CalendarFeedCreated, CalendarFeedStatus } from '../../../contracts/calendar.ts';
import { api } from '../../app/http.ts';

export const calendarFeedKeys = {
  status: ['calendarFeed'] as const,
};

export function getCalendarFeed(signal?: AbortSignal): Promise<CalendarFeedStatus> {
  return api('/me/calendar-feed', { signal });
}

export function createCalendarFeed(): Promise<CalendarFeedCreated> {
  return api('/me/calendar-feed', { method: 'POST' });
}

export function revokeCalendarFeed(): Promise<{ ok: true }> {
  return api('/me/calendar-feed', { method: 'DELETE' });
}

/** The same feed as a webcal:// link, which Apple Calendar and phones open as "subscribe". */
export function webcalUrl(url: string): string {
  return url.replace(/^https?:\/\//, 'webcal://');
}
