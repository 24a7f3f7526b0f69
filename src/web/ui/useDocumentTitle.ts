import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** "Users · 客户 Kehu" in the browser tab while the page is shown. */
export function useDocumentTitle(title: string | undefined): void {
  const { t } = useTranslation();
  const appTitle = t('app.documentTitle');
  useEffect(() => {
    document.title = title ? `${title} · ${appTitle}` : appTitle;
  }, [title, appTitle]);
}
