import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { LOCALES, type Locale } from '../../contracts/auth.ts';
import zhCN from '../locales/zh-CN.json' with { type: 'json' };
import en from '../locales/en.json' with { type: 'json' };
import { setRequestLanguage } from './http.ts';

// Both locale files must carry exactly the same keys: each is checked against the other.
const _enHasEveryKey: typeof zhCN = en;
const _zhHasEveryKey: typeof en = zhCN;
void _enHasEveryKey;
void _zhHasEveryKey;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

const STORAGE_KEY = 'kehu.locale';
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

function applyLocale(lng: string): void {
  const locale = isLocale(lng) ? lng : DEFAULT_LOCALE;
  setRequestLanguage(locale);
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = locale;
  document.title = i18n.t('app.documentTitle');
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

applyLocale(i18n.language);
i18n.on('languageChanged', applyLocale);

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

/** Translate a key built at run time (enum value, server entity type), falling back to the raw text. */
export function translateOr(key: string, fallback: string): string {
  return i18n.exists(key) ? i18n.t(key, { defaultValue: fallback }) : fallback;
}

export { i18n };

let chosenWhileSignedOut = false;

/** Called when someone picks a language before signing in; the choice then wins over the profile. */
export function markLanguageChoice(): void {
  chosenWhileSignedOut = true;
}

export function consumeLanguageChoice(): boolean {
  const chosen = chosenWhileSignedOut;
  chosenWhileSignedOut = false;
  return chosen;
}
