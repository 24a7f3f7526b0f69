import { defineModule } from '../../platform/modules/manifest.ts';
import { calendarRoutes, calendarFeedRoutes } from './calendar.routes.ts';

/** The task calendar and its iCalendar feed (outside /api/v1: calendar apps fetch it with the token in the URL). */
export const calendarModule = defineModule({
  name: 'calendar',
  routes: calendarRoutes,
  rootRoutes: calendarFeedRoutes,
});
