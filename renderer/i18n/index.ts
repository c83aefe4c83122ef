/** vue-i18n set up with Italian (default) and English; the choice is remembered on this computer. */
import { createI18n } from 'vue-i18n';
import { it, type Messages } from './it';
import { en } from './en';

export type Locale = 'it' | 'en';
const LOCALE_KEY = 'fatturadesk.locale';

function savedLocale(): Locale {
  try {
    return localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'it';
  } catch {
    return 'it';
  }
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'it',
  messages: { it, en },
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Storage may be disabled; the choice then lasts for this session only.
  }
}
