import type { ReactNode } from 'react';
import { CheckCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../../app/LanguageSwitch.tsx';
import { BrandMark } from '../../../ui/BrandMark.tsx';

/** The frame of the pages shown before the app: brand panel, language switch, a centred card. */
export function AuthShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="kehu-auth">
      <aside className="kehu-auth-brand">
        <div className="kehu-auth-logo">
          <BrandMark size={36} />
          <span>{t('app.name')}</span>
        </div>
        <div>
          <h1>{t('auth.brandTitle')}</h1>
          <p>{t('auth.brandSubtitle')}</p>
          <ul>
            <li>
              <CheckCircleFilled style={{ marginTop: 4 }} />
              {t('auth.brandPoint1')}
            </li>
            <li>
              <CheckCircleFilled style={{ marginTop: 4 }} />
              {t('auth.brandPoint2')}
            </li>
            <li>
              <CheckCircleFilled style={{ marginTop: 4 }} />
              {t('auth.brandPoint3')}
            </li>
          </ul>
        </div>
        <div style={{ opacity: 0.7, fontSize: 13 }}>{t('auth.brandFooter')}</div>
      </aside>
      <main className="kehu-auth-main">
        <div className="kehu-auth-top">
          <LanguageSwitch />
        </div>
        <div className="kehu-auth-center">
          <div className="kehu-auth-card">
            <div className="kehu-auth-logo kehu-auth-mobile-logo">
              <BrandMark size={32} />
              <span>{t('app.name')}</span>
            </div>
            {children}
          </div>
        </div>
        <div className="kehu-auth-footer">{t('auth.footer', { year: new Date().getFullYear() })}</div>
      </main>
    </div>
  );
}
