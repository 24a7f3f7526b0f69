import { defineModule, type AuditTypesOf } from '../../platform/modules/manifest.ts';
import { calendarMessages } from './calendar.messages.ts';
import { calendarRoutes, calendarFeedRoutes } from './calendar.routes.ts';

/** What this module writes to the audit log, named by these messages. */
const auditTypes = { calendarFeed: 'entity.calendarFeed' } as const;

/** The task calendar and its iCalendar feed (outside /api/v1: calendar apps fetch it with the token in the URL). */
export const calendarModule = defineModule({
  name: 'calendar',
  routes: calendarRoutes,
  rootRoutes: calendarFeedRoutes,
  messages: calendarMessages,
  auditTypes,
});

declare module '../../../contracts/audit.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's audit types
  interface AuditTypeRegistry extends AuditTypesOf<typeof auditTypes> {}
}
