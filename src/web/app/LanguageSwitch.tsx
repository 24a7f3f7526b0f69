import { useState } from 'react';
import { Button, Dropdown, Tooltip } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../contracts/auth.ts';
import { updateProfile } from '../modules/auth/auth.api.ts';
import { currentLocale, markLanguageChoice } from './i18n.ts';
import { setSessionUser, useSession } from './session.tsx';

/** Each language is named in itself, so anyone can find theirs. */
const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

/**
 * Switches the UI (and antd's own texts) at once; remembered in this browser and, when
 * signed in, on the user's profile so it follows them to other devices. `compact` (the phone
 * header, where every pixel is the search box's) shows the globe alone, the language named in
 * its tooltip and label.
 */
export function LanguageSwitch({ variant = 'text', compact = false }: { variant?: 'text' | 'default'; compact?: boolean }) {
  const { i18n } = useTranslation();
  const client = useQueryClient();
  const { data: user } = useSession();
  const current = currentLocale();
  // The tooltip would cover the list it opens (a tap leaves it showing on a phone): hidden while open.
  const [menuOpen, setMenuOpen] = useState(false);

  const choose = (locale: Locale) => {
    if (locale === current) return;
    void i18n.changeLanguage(locale);
    if (!user) {
      markLanguageChoice();
      return;
    }
    updateProfile({ locale }).then(
      (updated) => setSessionUser(client, updated),
      () => undefined, // the choice still holds in this browser
    );
  };

  return (
    <Dropdown
      trigger={['click']}
      open={menuOpen}
      onOpenChange={setMenuOpen}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: LOCALES.map((locale) => ({
          key: locale,
          label: <span data-testid={`language-option-${locale}`}>{LANGUAGE_NAMES[locale]}</span>,
        })),
        onClick: ({ key }) => {
          setMenuOpen(false);
          choose(key as Locale);
        },
      }}
    >
      {compact ? (
        <Tooltip title={LANGUAGE_NAMES[current]} placement="bottom" {...(menuOpen ? { open: false } : {})}>
          <Button type={variant} icon={<GlobalOutlined />} data-testid="language-switch" aria-label={`Language: ${LANGUAGE_NAMES[current]}`} />
        </Tooltip>
      ) : (
        <Button type={variant} icon={<GlobalOutlined />} data-testid="language-switch" aria-label="Language">
          {LANGUAGE_NAMES[current]}
        </Button>
      )}
    </Dropdown>
  );
}
