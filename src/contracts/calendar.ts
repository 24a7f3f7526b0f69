import { z } from 'zod';
import { isoDateTime } from './common.ts';

/**
 * A user's private iCalendar feed (日历订阅) of their tasks and follow-up appointments. The URL
 * is shown once, when it is created; afterwards only whether it exists.
 */
export const calendarFeedStatus = z
  .object({
    active: z.boolean(),
    /** When the active feed's URL was created (null without an active feed). */
    createdAt: isoDateTime.nullable(),
    /** When a calendar app last fetched the active feed (to the minute; null: never). */
    lastFetchedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'CalendarFeedStatus' });
export type CalendarFeedStatus = z.infer<typeof calendarFeedStatus>;

export const calendarFeedCreated = z
  .object({
    url: z.url().meta({ description: 'https://…/ical/<token>.ics, shown only this once; subscribe to it in a calendar app' }),
  })
  .meta({ id: 'CalendarFeedCreated' });
export type CalendarFeedCreated = z.infer<typeof calendarFeedCreated>;
