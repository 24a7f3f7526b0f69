import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The calendar module's server messages (the name of its feed token in the audit log). */
export const calendarMessages = {
  en: {
    'entity.calendarFeed': 'Calendar feed',
  },
  'zh-CN': {
    'entity.calendarFeed': '日历订阅',
  },
} satisfies MessageCatalogue;
