/**
 * Languages offered on the resident touchscreen.
 *
 * - `code`: the i18next language code; also the file name in ./locales/ and what i18next
 *   hands to `Intl.PluralRules` to pick the plural forms (`_one`, `_few`, ...).
 * - `name`: the language's own name, written in that language (shown in the language picker).
 * - `dir`: text direction for the `dir` attribute; only Arabic is right-to-left.
 * - `locale`: the tag given to `Intl` for numbers, money and dates.
 * - `familyNameFirst`: names are written family name first (Chinese, Vietnamese), so forms ask for it first.
 */
export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr', locale: 'en-US' },
  { code: 'es', name: 'Español', dir: 'ltr', locale: 'es-US' },
  { code: 'ht', name: 'Kreyòl ayisyen', dir: 'ltr', locale: 'ht-HT' },
  { code: 'zh-Hans', name: '简体中文', dir: 'ltr', locale: 'zh-CN', familyNameFirst: true },
  { code: 'zh-Hant', name: '繁體中文', dir: 'ltr', locale: 'zh-HK', familyNameFirst: true },
  { code: 'vi', name: 'Tiếng Việt', dir: 'ltr', locale: 'vi-VN', familyNameFirst: true },
  { code: 'kea', name: 'Kriolu kabuverdianu', dir: 'ltr', locale: 'pt-CV' },
  { code: 'pt-BR', name: 'Português (Brasil)', dir: 'ltr', locale: 'pt-BR' },
  { code: 'ru', name: 'Русский', dir: 'ltr', locale: 'ru-RU' },
  { code: 'ar', name: 'العربية', dir: 'rtl', locale: 'ar' },
  { code: 'fr', name: 'Français', dir: 'ltr', locale: 'fr-FR' },
  { code: 'so', name: 'Soomaali', dir: 'ltr', locale: 'so-SO' },
] as const satisfies readonly { code: string; name: string; dir: 'ltr' | 'rtl'; locale: string; familyNameFirst?: true }[];

export type Language = (typeof LANGUAGES)[number];
export type LanguageCode = Language['code'];

/** The language entry for an i18next code; English for anything unknown. Here, not in ./index.ts, so that a screen
 * that only names a language (the staff window's help banner) does not load every language's messages. */
export function languageOf(code: string | undefined): Language {
  return LANGUAGES.find((language) => language.code === code) ?? LANGUAGES[0];
}

export function isLanguageCode(code: string): code is LanguageCode {
  return LANGUAGES.some((language) => language.code === code);
}

/** The language a receipt prints in: the one asked for when the kiosk has it, else English. */
export function receiptLanguage(language: string | null | undefined): LanguageCode {
  return language && isLanguageCode(language) ? language : 'en';
}
