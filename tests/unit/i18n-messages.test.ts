import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../renderer/src/i18n/languages';
import type { LanguageCode } from '../../renderer/src/i18n/languages';
import { messages } from '../../renderer/src/i18n/messages';

/**
 * The resident touchscreen's message files, checked against English (the reference).
 *
 * Plural keys follow i18next JSON v4: an English pair `x_one` / `x_other` means "plural key x", and
 * each language must carry `x_<category>` for every category its plural rules use. i18next gets those
 * categories from `new Intl.PluralRules(languageCode)`, so that is what is asked here.
 */

const EXPECTED_CODES = ['en', 'es', 'ht', 'zh-Hans', 'zh-Hant', 'vi', 'kea', 'pt-BR', 'ru', 'ar', 'fr', 'so'];

const PLURAL_SUFFIX = /^(.*)_(zero|one|two|few|many|other)$/;

/**
 * Plural forms a file must carry beyond what this Node's ICU reports for its language code.
 *
 * kea: Node's full ICU knows Kabuverdianu and reports only "other". Chromium ships a trimmed ICU
 * without Kabuverdianu, where `Intl.PluralRules('kea')` falls back to the default locale (en-US:
 * one/other) and i18next then asks for `_one`; without it a resident would see the English text.
 */
const RUNTIME_FALLBACK_PLURALS: Partial<Record<LanguageCode, Intl.LDMLPluralRule[]>> = {
  kea: ['one'],
};

/** Placeholders, numbers, "311" and the brand read the same in every language. */
const SAME_IN_EVERY_LANGUAGE = [/\{\{[^}]*\}\}/g, /City Hall To Go/g, /311/g];

type Flat = Map<string, unknown>;

/** Dot paths to leaf values, without the top-level `_meta` block. */
function flatten(node: Record<string, unknown>, prefix = '', out: Flat = new Map()): Flat {
  for (const [key, value] of Object.entries(node)) {
    if (prefix === '' && key === '_meta') continue;
    const path = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      flatten(value as Record<string, unknown>, `${path}.`, out);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

function pluralCategories(code: LanguageCode): string[] {
  const fromIcu = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
  return [...new Set([...fromIcu, ...(RUNTIME_FALLBACK_PLURALS[code] ?? [])])].sort();
}

/**
 * Plural categories that stand for exactly one number in `code` (Arabic "one" is 1 and "two" is 2; French "one" is 0
 * and 1, so not): there the word itself says the number ("دقيقتان", two minutes) and {{count}} may be left out.
 */
function exactCategories(code: LanguageCode): Set<string> {
  const rules = new Intl.PluralRules(code);
  const members = new Map<string, number>();
  for (let n = 0; n <= 1000; n++) {
    const category = rules.select(n);
    members.set(category, (members.get(category) ?? 0) + 1);
  }
  return new Set([...members].filter(([category, count]) => count === 1 && category !== 'other').map(([category]) => category));
}

function placeholders(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => (m[1] ?? '').split(',')[0]!.trim());
  return [...new Set(names)].sort();
}

function isLanguageNeutral(text: string): boolean {
  const rest = SAME_IN_EVERY_LANGUAGE.reduce((s, pattern) => s.replace(pattern, ''), text);
  return !/\p{L}/u.test(rest);
}

const english = flatten(messages.en);

/** English plural keys: base path -> the English forms present (`one`, `other`). */
const englishPlurals = new Map<string, Map<string, string>>();
for (const [key, value] of english) {
  const match = PLURAL_SUFFIX.exec(key);
  if (match && english.has(`${match[1]}_other`)) {
    const forms = englishPlurals.get(match[1]!) ?? new Map<string, string>();
    forms.set(match[2]!, String(value));
    englishPlurals.set(match[1]!, forms);
  }
}

/** Every key `code` must have, each with the English text it translates. */
function expectedKeys(code: LanguageCode): Map<string, string> {
  const expected = new Map<string, string>();
  for (const [key, value] of english) {
    const match = PLURAL_SUFFIX.exec(key);
    if (!(match && englishPlurals.has(match[1]!))) expected.set(key, String(value));
  }
  for (const [base, forms] of englishPlurals) {
    for (const category of pluralCategories(code)) {
      expected.set(`${base}_${category}`, forms.get(category) ?? forms.get('other')!);
    }
  }
  return expected;
}

function report(code: string, problems: string[]): string {
  return `${code}.json has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`;
}

describe('English is a usable reference', () => {
  it('has the plural keys the screens use, and is marked as not machine-made', () => {
    expect([...englishPlurals.keys()].sort()).toEqual(['errors.tooLong', 'idle.message', 'survey.star', 'ticket.estimatedWait', 'ticket.peopleAhead']);
    expect((messages.en._meta as { machineTranslated?: unknown } | undefined)?.machineTranslated).toBe(false);
  });
});

describe.each(LANGUAGES.filter((language) => language.code !== 'en'))('$code message file', ({ code }) => {
  const file = messages[code];
  const actual = flatten(file);
  const expected = expectedKeys(code);

  it(`has every key of en.json, with the plural forms ${code} needs`, () => {
    const missing = [...expected.keys()].filter((key) => !actual.has(key)).map((key) => `missing key "${key}"`);
    expect(missing, report(code, missing)).toEqual([]);
  });

  it('has no key that en.json lacks', () => {
    const extra = [...actual.keys()]
      .filter((key) => !expected.has(key))
      .map((key) => {
        const match = PLURAL_SUFFIX.exec(key);
        return match && englishPlurals.has(match[1]!)
          ? `extra key "${key}": ${code} plural categories are ${pluralCategories(code).join(', ')}`
          : `extra key "${key}"`;
      });
    expect(extra, report(code, extra)).toEqual([]);
  });

  it('has a non-empty translation for every key', () => {
    const problems: string[] = [];
    for (const [key, en] of expected) {
      if (!actual.has(key)) continue;
      const value = actual.get(key);
      if (typeof value !== 'string') problems.push(`"${key}" is not a string (${JSON.stringify(value)})`);
      else if (value.trim() === '') problems.push(`"${key}" is empty`);
      else if (value === en && !isLanguageNeutral(en)) problems.push(`"${key}" is the English text: ${JSON.stringify(en)}`);
    }
    expect(problems, report(code, problems)).toEqual([]);
  });

  it('keeps the {{placeholders}} of the English text', () => {
    const problems: string[] = [];
    for (const [key, en] of expected) {
      const value = actual.get(key);
      if (typeof value !== 'string') continue;
      const category = PLURAL_SUFFIX.exec(key)?.[2];
      const exact = category !== undefined && englishPlurals.has(PLURAL_SUFFIX.exec(key)![1]!) && exactCategories(code).has(category);
      const want = placeholders(en).filter((name) => !(exact && name === 'count' && !placeholders(value).includes('count')));
      const got = placeholders(value);
      if (want.join('|') !== got.join('|')) {
        problems.push(`"${key}" has {{${got.join('}}, {{')}}} but English has {{${want.join('}}, {{')}}}: ${JSON.stringify(value)}`);
      }
    }
    expect(problems, report(code, problems)).toEqual([]);
  });

  it('is marked as a machine-made translation awaiting review', () => {
    const meta = file._meta as { machineTranslated?: unknown; reviewNote?: unknown } | undefined;
    expect(meta?.machineTranslated, `${code}.json: _meta.machineTranslated must be true`).toBe(true);
    expect(typeof meta?.reviewNote === 'string' && meta.reviewNote.length > 0, `${code}.json: _meta.reviewNote is missing`).toBe(true);
  });
});

describe('LANGUAGES', () => {
  it('lists exactly the twelve kiosk languages, each with a message file', () => {
    expect(LANGUAGES.map((language) => language.code)).toEqual(EXPECTED_CODES);
    expect(Object.keys(messages).sort()).toEqual([...EXPECTED_CODES].sort());
  });

  it.each(LANGUAGES.map((language) => [language.code, language] as const))(
    '%s: the picker name is the one in its message file',
    (code, language) => {
      const name = (messages[code].language as { name?: unknown } | undefined)?.name;
      expect(name, `${code}.json language.name`).toBe(language.name);
    },
  );

  it('is right-to-left for Arabic only, and gives Intl well-formed locale tags', () => {
    expect(LANGUAGES.filter((language) => language.dir === 'rtl').map((language) => language.code)).toEqual(['ar']);
    for (const language of LANGUAGES) {
      expect(Intl.getCanonicalLocales(language.locale), `${language.code}: locale ${language.locale}`).toEqual([language.locale]);
    }
  });
});
