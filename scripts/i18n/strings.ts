import { LANGUAGES, type LanguageCode } from '../../renderer/src/i18n/languages';

/**
 * The resident touchscreen's strings as a translation vendor sees them: one entry per key a language needs (plural
 * keys expanded to that language's categories), each with its English source and its context (screen, where it
 * shows, longest it may be) from `renderer/src/i18n/string-context.json`.
 */

export type Messages = Record<string, unknown>;
export type Flat = Map<string, string>;

export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];
const PLURAL_SUFFIX = /^(.*)_(zero|one|two|few|many|other)$/;

/**
 * Forms a file needs beyond what this Node's ICU reports. Chromium's trimmed ICU lacks Kabuverdianu, so there
 * `Intl.PluralRules('kea')` falls back to English rules and i18next asks for `_one` (see tests/unit/i18n-messages).
 */
const RUNTIME_FALLBACK_PLURALS: Partial<Record<LanguageCode, PluralCategory[]>> = { kea: ['one'] };

/** The plural categories `code` needs, in CLDR order: `Intl.PluralRules(code).resolvedOptions().pluralCategories`. */
export function pluralCategories(code: LanguageCode): PluralCategory[] {
  const fromIcu = new Intl.PluralRules(code).resolvedOptions().pluralCategories as PluralCategory[];
  const all = new Set<PluralCategory>([...fromIcu, ...(RUNTIME_FALLBACK_PLURALS[code] ?? [])]);
  return PLURAL_CATEGORIES.filter((category) => all.has(category));
}

/** Dot paths to string leaves, without the top-level `_meta` block. */
export function flatten(node: Messages, prefix = '', out: Flat = new Map()): Flat {
  for (const [key, value] of Object.entries(node)) {
    if (prefix === '' && key === '_meta') continue;
    const path = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value as Messages, `${path}.`, out);
    else if (typeof value === 'string') out.set(path, value);
  }
  return out;
}

/** Sets `value` at a dot path, keeping the file's key order (new keys go last in their block). */
export function setPath(node: Messages, path: string, value: string): void {
  const parts = path.split('.');
  let at: Messages = node;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) at[part] = {};
    at = at[part] as Messages;
  }
  at[parts[parts.length - 1]!] = value;
}

export interface StringContext {
  screen: string;
  where: string;
  maxLength: number;
}

interface ContextEntry {
  screen?: string;
  where?: string;
  maxLength?: number;
}

export interface ContextFile {
  sections: Record<string, ContextEntry>;
  strings: Record<string, ContextEntry>;
}

/**
 * A key's context: its own entry in the metadata file, else the nearest prefix's (`catalogue.requestTypes` covers
 * every request type the office adds), else its section's. Plural keys are looked up without their suffix.
 */
export function contextOf(file: ContextFile, key: string): StringContext | null {
  const base = PLURAL_SUFFIX.exec(key)?.[1] ?? key;
  const parts = base.split('.');
  const merged: ContextEntry = {};
  for (let n = parts.length; n >= 1; n--) {
    const entry = n === 1 ? file.sections[parts[0]!] : file.strings[parts.slice(0, n).join('.')];
    if (!entry) continue;
    merged.screen ??= entry.screen;
    merged.where ??= entry.where;
    merged.maxLength ??= entry.maxLength;
  }
  const { screen, where, maxLength } = merged;
  return screen && where && maxLength ? { screen, where, maxLength } : null;
}

export interface PluralGroup {
  base: string;
  categories: PluralCategory[];
}

export interface SourceString {
  key: string;
  /** The English text the translator translates (for a plural form English lacks, its `other` form). */
  source: string;
  plural: { base: string; category: PluralCategory } | null;
}

/** English plural keys: base path -> the forms English has. */
function englishPlurals(english: Flat): Map<string, Map<string, string>> {
  const plurals = new Map<string, Map<string, string>>();
  for (const [key, value] of english) {
    const match = PLURAL_SUFFIX.exec(key);
    if (match && english.has(`${match[1]}_other`)) {
      const forms = plurals.get(match[1]!) ?? new Map<string, string>();
      forms.set(match[2]!, value);
      plurals.set(match[1]!, forms);
    }
  }
  return plurals;
}

/** Every string `code` must have, in English order, plural keys expanded to the language's categories. */
export function stringsFor(code: LanguageCode, english: Flat): SourceString[] {
  const plurals = englishPlurals(english);
  const out: SourceString[] = [];
  const seen = new Set<string>();
  for (const [key, value] of english) {
    const match = PLURAL_SUFFIX.exec(key);
    if (match && plurals.has(match[1]!)) {
      const base = match[1]!;
      if (seen.has(base)) continue;
      seen.add(base);
      const forms = plurals.get(base)!;
      for (const category of code === 'en' ? ([...forms.keys()] as PluralCategory[]) : pluralCategories(code)) {
        out.push({ key: `${base}_${category}`, source: forms.get(category) ?? forms.get('other')!, plural: { base, category } });
      }
    } else {
      out.push({ key, source: value, plural: null });
    }
  }
  return out;
}

export function isLanguageCode(code: string): code is LanguageCode {
  return LANGUAGES.some((language) => language.code === code);
}

export function languageName(code: LanguageCode): string {
  return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
}

/** Per language, per key: who made the text. Keys not listed are machine-made. */
export type ReviewStatus = 'machine' | 'reviewed';
export interface StatusEntry {
  status: ReviewStatus;
  /** The English text that was reviewed; when English changes the review no longer holds. */
  source: string;
}
export type StatusFile = Partial<Record<LanguageCode, Record<string, StatusEntry>>>;

export function statusOf(file: StatusFile, code: LanguageCode, string: SourceString): ReviewStatus {
  const entry = file[code]?.[string.key];
  return entry?.status === 'reviewed' && entry.source === string.source ? 'reviewed' : 'machine';
}

export interface StatusRow {
  code: LanguageCode;
  name: string;
  strings: number;
  reviewed: number;
  machine: number;
}

export function statusRows(english: Flat, status: StatusFile): StatusRow[] {
  return LANGUAGES.filter((language) => language.code !== 'en').map(({ code }) => {
    const strings = stringsFor(code, english);
    const reviewed = strings.filter((s) => statusOf(status, code, s) === 'reviewed').length;
    return { code, name: languageName(code), strings: strings.length, reviewed, machine: strings.length - reviewed };
  });
}

/** A plain-text table, one row per language. */
export function formatStatusTable(rows: StatusRow[]): string {
  const header = ['language', 'name', 'strings', 'reviewed', 'machine'];
  const body = rows.map((r) => [r.code, r.name, String(r.strings), String(r.reviewed), String(r.machine)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The city's words for its services, per language: the forms a translation must use for each English term. */
export interface GlossaryFile {
  terms: Record<string, { en: string; note: string; translations: Record<string, string[]> }>;
}

/** The English pattern of a glossary term: whole word, any case, with a plural "s". */
export function termPattern(english: string): RegExp {
  const escaped = english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}s?($|[^\\p{L}\\p{N}])`, 'iu');
}

/** Strings of `code` whose English has a glossary term and whose translation has none of the term's forms. */
export function glossaryProblems(glossary: GlossaryFile, code: LanguageCode, english: Flat, translated: Flat): string[] {
  const problems: string[] = [];
  for (const [name, term] of Object.entries(glossary.terms)) {
    const forms = term.translations[code];
    if (!forms || forms.length === 0) {
      problems.push(`the glossary has no ${code} word for "${name}"`);
      continue;
    }
    const pattern = termPattern(term.en);
    for (const string of stringsFor(code, english)) {
      if (!pattern.test(string.source)) continue;
      const value = translated.get(string.key) ?? '';
      const lower = value.toLocaleLowerCase(code);
      if (!forms.some((form) => lower.includes(form.toLocaleLowerCase(code)))) {
        problems.push(`"${string.key}" (${JSON.stringify(string.source)}) should say ${forms.map((f) => JSON.stringify(f)).join(' or ')} for "${term.en}": ${JSON.stringify(value)}`);
      }
    }
  }
  return problems;
}
