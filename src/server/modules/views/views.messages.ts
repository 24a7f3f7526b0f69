import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The views module's server messages (error details and the texts it writes). */
export const viewsMessages = {
  en: {
    'entity.view': 'Saved view',
    'duplicate.viewName': 'You already have a view with this name for this list',
    'view.shareNeedsScope': 'Only users who see more than their own records may share views',
  },
  'zh-CN': {
    'entity.view': '视图',
    'duplicate.viewName': '该列表下已有同名视图',
    'view.shareNeedsScope': '只有数据范围大于“本人”的用户才能共享视图',
  },
} satisfies MessageCatalogue;
