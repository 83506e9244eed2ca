import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import contextJson from '../../renderer/src/i18n/string-context.json';
import glossaryJson from '../../renderer/src/i18n/glossary.json';
import { LANGUAGES, type LanguageCode } from '../../renderer/src/i18n/languages';
import { messages } from '../../renderer/src/i18n/messages';
import { runI18n } from '../../scripts/i18n/cli';
import { contextOf, flatten, pluralCategories, stringsFor, type ContextFile, type GlossaryFile, type StatusFile } from '../../scripts/i18n/strings';
import { exportXliff, importXliff } from '../../scripts/i18n/xliff';

const context = contextJson as ContextFile;
const glossary = glossaryJson as GlossaryFile;
const translated = LANGUAGES.filter((l) => l.code !== 'en').map((l) => l.code);
const english = flatten(messages.en);

const exportOf = (code: LanguageCode, status: StatusFile = {}) =>
  exportXliff(code, { english: messages.en, target: messages[code], status, context, glossary });
const importOf = (xml: string) => importXliff(xml, { english: messages.en, context });

/** The <target> of one unit replaced (inline XML as a translator's tool writes it). */
function withTarget(xml: string, key: string, target: string, state?: string): string {
  const unit = new RegExp(`(<unit id="${key.replace(/\./g, '\\.')}"[\\s\\S]*?<segment state=")([a-z]+)("[\\s\\S]*?<target>)[\\s\\S]*?(</target>)`);
  expect(unit.test(xml), `unit ${key} in the file`).toBe(true);
  return xml.replace(unit, (_m, a: string, s: string, b: string, c: string) => `${a}${state ?? s}${b}${target}${c}`);
}

function withoutUnit(xml: string, key: string): string {
  const unit = new RegExp(`\\s*<unit id="${key.replace(/\./g, '\\.')}"[\\s\\S]*?</unit>`);
  expect(unit.test(xml)).toBe(true);
  return xml.replace(unit, '');
}

describe('string context (string-context.json)', () => {
  it('gives every string a screen, where it shows and a max length', () => {
    const missing = [...english.keys()].filter((key) => contextOf(context, key) === null);
    expect(missing).toEqual([]);
  });

  it.each(translated.map((c) => [c] as const))('%s: today\'s translations fit their max length', (code) => {
    const file = flatten(messages[code]);
    const over = stringsFor(code, english)
      .map((s) => ({ key: s.key, length: [...(file.get(s.key) ?? '').replace(/\{\{[^}]*\}\}/g, '0000')].length, max: contextOf(context, s.key)!.maxLength }))
      .filter((s) => s.length > s.max);
    expect(over).toEqual([]);
  });
});

describe('i18n:export', () => {
  it('writes XLIFF 2.0 with the English source, the target, context notes and placeholders as <ph>', () => {
    const xml = exportOf('ru');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      xliff: { version: string; xmlns: string; srcLang: string; trgLang: string };
    };
    expect(doc.xliff).toMatchObject({ version: '2.0', xmlns: 'urn:oasis:names:tc:xliff:document:2.0', srcLang: 'en', trgLang: 'ru' });
    expect(xml).toContain(
      [
        '<unit id="certificate.fee" name="certificate.fee">',
        '      <notes>',
        '        <note category="screen">Order a certificate</note>',
        '        <note category="location">the fee line; {{amount}} is a dollar amount</note>',
        '        <note category="maxLength">40</note>',
        '      </notes>',
        '      <segment state="translated">',
        '        <source>Fee: <ph id="ph1" equiv="{{amount}}" disp="amount"/></source>',
      ].join('\n'),
    );
    // Plural keys: one unit per category Russian uses, grouped, the English "other" form as source where English has none.
    expect(pluralCategories('ru')).toEqual(['one', 'few', 'many', 'other']);
    expect(xml).toMatch(/<group id="ticket\.peopleAhead" name="plural">[\s\S]*?Russian needs these plural forms: one, few, many, other/);
    expect(xml).toMatch(/<unit id="ticket\.peopleAhead_few"[\s\S]*?<source><ph id="ph1" equiv="\{\{count\}\}" disp="count"\/> people ahead of you<\/source>/);
    // Glossary terms the string uses are given to the translator.
    expect(xml).toMatch(/<unit id="ticket\.title"[\s\S]*?<note category="glossary">&quot;ticket&quot; is &quot;талон&quot;/);
  });

  it('writes one file per language from the command', () => {
    const out = mkdtempSync(join(tmpdir(), 'xliff-'));
    try {
      const lines: string[] = [];
      expect(runI18n(['export', '--out', out], { dir: 'renderer/src/i18n', log: (l) => lines.push(l), error: (l) => lines.push(l) })).toBe(0);
      expect(lines.map((l) => l.slice(out.length + 1)).sort()).toEqual(translated.map((c) => `${c}.xlf`).sort());
      expect(readFileSync(join(out, 'ar.xlf'), 'utf8')).toContain('trgLang="ar"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('marks paired tags as <pc> and reads them back', () => {
    const en = { screen: { bold: 'Press <1>Send</1> when {{name}} is ready' } };
    const fr = { screen: { bold: 'Appuyez sur <1>Envoyer</1> quand {{name}} est prêt' } };
    const ctx: ContextFile = { sections: { screen: { screen: 'Test', where: 'a line', maxLength: 80 } }, strings: {} };
    const xml = exportXliff('fr', { english: en, target: fr, status: {}, context: ctx, glossary: { terms: {} } });
    expect(xml).toContain('<source>Press <pc id="pc1" equivStart="&lt;1&gt;" equivEnd="&lt;/1&gt;">Send</pc> when <ph id="ph1" equiv="{{name}}" disp="name"/> is ready</source>');
    const back = importXliff(xml.replace('Appuyez', 'Touchez'), { english: en, context: ctx });
    expect(back).toMatchObject({ ok: true, strings: [{ key: 'screen.bold', value: 'Touchez sur <1>Envoyer</1> quand {{name}} est prêt' }] });
  });
});

describe('i18n:import', () => {
  it.each(translated.map((c) => [c] as const))('%s: an exported file reads back to the same strings, all still machine-made', (code) => {
    const result = importOf(exportOf(code));
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    const file = flatten(messages[code]);
    expect(result.strings.map((s) => [s.key, s.value])).toEqual(stringsFor(code, english).map((s) => [s.key, file.get(s.key)]));
    expect(result.strings.every((s) => s.status === 'machine')).toBe(true);
  });

  it('keeps the reviewer\'s word order around a moved placeholder', () => {
    const xml = withTarget(exportOf('fr'), 'certificate.fee', '<ph id="ph1"/> de frais', 'reviewed');
    const result = importOf(xml);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.strings.find((s) => s.key === 'certificate.fee')).toEqual({ key: 'certificate.fee', value: '{{amount}} de frais', status: 'reviewed', source: english.get('certificate.fee') });
  });

  const refusals: [string, (xml: string) => string, { code: string; key: string | null; message: RegExp }][] = [
    ['a placeholder dropped', (x) => withTarget(x, 'certificate.fee', 'Frais : quelques dollars'), { code: 'broken_placeholder', key: 'certificate.fee', message: /lacks <ph id="ph1"> \(\{\{amount\}\}\)/ }],
    ['a placeholder the English lacks', (x) => withTarget(x, 'ticket.title', 'Prendre un ticket <ph id="ph7"/>'), { code: 'broken_placeholder', key: 'ticket.title', message: /has a <ph id="ph7">/ }],
    ['a placeholder typed as text', (x) => withTarget(x, 'certificate.fee', 'Frais : {{amount}}'), { code: 'broken_placeholder', key: 'certificate.fee', message: /typed in by hand/ }],
    ['a placeholder used twice', (x) => withTarget(x, 'certificate.fee', '<ph id="ph1"/> <ph id="ph1"/>'), { code: 'broken_placeholder', key: 'certificate.fee', message: /twice/ }],
    ['one of several placeholders dropped', (x) => withTarget(x, 'closed.next', 'Prochain arrêt bientôt'), { code: 'broken_placeholder', key: 'closed.next', message: /lacks <ph id="ph1"> \(\{\{place\}\}\)/ }],
    ['an over-long string', (x) => withTarget(x, 'common.back', 'Revenir à l’écran précédent'), { code: 'too_long', key: 'common.back', message: /"common\.back" is 27 characters; it shows as button that goes to the previous screen on Every screen, which fits 24/ }],
    ['an empty target', (x) => withTarget(x, 'home.welcome', '  '), { code: 'missing_target', key: 'home.welcome', message: /empty/ }],
    ['a unit the kiosk does not have', (x) => x.replace('<unit id="home.welcome" name="home.welcome">', '<unit id="home.welcomeBack" name="home.welcomeBack">'), { code: 'unknown_string', key: 'home.welcomeBack', message: /not a string French needs/ }],
    ['English that changed since the export', (x) => x.replace('<source>Welcome to City Hall To Go</source>', '<source>Welcome</source>'), { code: 'source_changed', key: 'home.welcome', message: /export again/ }],
    ['not XML', (x) => x.replace('</xliff>', ''), { code: 'not_xml', key: null, message: /not well-formed XML/ }],
    ['XLIFF 1.2', (x) => x.replace('version="2.0"', 'version="1.2"'), { code: 'not_xliff', key: null, message: /not XLIFF 2\.0/ }],
    ['a language the kiosk does not speak', (x) => x.replace('trgLang="fr"', 'trgLang="de"'), { code: 'unknown_language', key: null, message: /"de"/ }],
  ];

  it.each(refusals)('refuses a file with %s, with a specific error', (_name, edit, expected) => {
    const result = importOf(edit(exportOf('fr')));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Nothing but this problem is reported (a placeholder typed as text is also a placeholder missing).
    expect(result.problems.map((p) => [p.code, p.key])).toEqual(result.problems.map(() => [expected.code, expected.key]));
    expect(result.problems.some((p) => expected.message.test(p.message)), JSON.stringify(result.problems)).toBe(true);
  });

  it('refuses a plural group without a category the language needs (Russian "few", Arabic "two")', () => {
    const ru = importOf(withoutUnit(exportOf('ru'), 'ticket.peopleAhead_few'));
    expect(ru).toMatchObject({ ok: false, problems: [{ code: 'missing_plural_category', key: 'ticket.peopleAhead', message: '"ticket.peopleAhead" lacks the "few" form; Russian needs one, few, many, other' }] });
    const ar = importOf(withTarget(exportOf('ar'), 'survey.star_two', ''));
    expect(ar).toMatchObject({ ok: false, problems: [{ code: 'missing_plural_category', key: 'survey.star', message: /lacks the "two" form; Arabic needs zero, one, two, few, many, other/ }] });
  });

  it('lets a plural form say its number in words, but no other string drop {{count}}', () => {
    // Arabic's "one" and "two" forms name the number ("one star", the dual) instead of writing it.
    const ar = importOf(withTarget(exportOf('ar'), 'survey.star_two', 'نجمتان'));
    expect(ar.ok, JSON.stringify(ar)).toBe(true);
    const ru = importOf(withTarget(exportOf('ru'), 'survey.star_few', 'несколько звёзд <ph id="ph2"/>'));
    expect(ru).toMatchObject({ ok: false, problems: [{ code: 'broken_placeholder', key: 'survey.star_few', message: expect.stringContaining('<ph id="ph2">') }] });
  });

  it('accepts a file with only some strings, as long as each plural group is whole', () => {
    let xml = exportOf('es');
    const stars = stringsFor('es', english).filter((s) => s.plural?.base === 'survey.star').map((s) => s.key);
    for (const key of ['home.welcome', 'home.prompt', ...stars]) xml = withoutUnit(xml, key);
    const result = importOf(xml);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.strings.some((s) => s.key.startsWith('survey.star') || s.key === 'home.welcome')).toBe(false);
  });
});

describe('the import command and i18n:status', () => {
  let dir: string;
  let lines: string[];
  const world = () => ({ dir, log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) });
  const read = (path: string) => readFileSync(join(dir, path), 'utf8');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'i18n-'));
    cpSync('renderer/src/i18n', dir, { recursive: true });
    writeFileSync(join(dir, 'review-status.json'), '{}\n');
    lines = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the reviewed strings into the locale, records them as reviewed and counts them in the status table', () => {
    let xml = exportOf('es');
    xml = withTarget(xml, 'home.welcome', 'Bienvenidos a City Hall To Go', 'reviewed');
    xml = withTarget(xml, 'common.back', 'Regresar', 'final');
    writeFileSync(join(dir, 'es.xlf'), xml);
    expect(runI18n(['import', join(dir, 'es.xlf')], world())).toBe(0);
    expect(lines.at(-1)).toBe(`es: ${stringsFor('es', english).length} strings read, 2 changed, 2 marked reviewed`);
    const es = JSON.parse(read('locales/es.json')) as { common: { back: string }; home: { welcome: string }; _meta: unknown };
    expect(es.common.back).toBe('Regresar');
    expect(es.home.welcome).toBe('Bienvenidos a City Hall To Go');
    expect(es._meta).toEqual((messages.es as { _meta: unknown })._meta);
    const status = JSON.parse(read('review-status.json')) as StatusFile;
    expect(status.es?.['common.back']).toEqual({ status: 'reviewed', source: 'Back' });
    expect(status.es?.['home.prompt']).toEqual({ status: 'machine', source: english.get('home.prompt') });

    lines = [];
    expect(runI18n(['status'], world())).toBe(0);
    const table = lines.join('\n').split('\n');
    expect(table[0]).toMatch(/^language\s+name\s+strings\s+reviewed\s+machine$/);
    const total = stringsFor('es', english).length;
    expect(table.find((l) => l.startsWith('es '))).toMatch(new RegExp(`^es\\s+Spanish\\s+${total}\\s+2\\s+${total - 2}$`));
    const ruTotal = stringsFor('ru', english).length;
    expect(table.find((l) => l.startsWith('ru '))).toMatch(new RegExp(`^ru\\s+Russian\\s+${ruTotal}\\s+0\\s+${ruTotal}$`));

    // The next export tells the vendor what was already reviewed.
    const again = exportXliff('es', { english: messages.en, target: JSON.parse(read('locales/es.json')) as Record<string, unknown>, status, context, glossary });
    expect(again).toMatch(/<unit id="common\.back"[\s\S]*?<segment state="reviewed">/);
    expect(again).toMatch(/<unit id="common\.next"[\s\S]*?<segment state="translated">/);
  });

  it('a review no longer counts once the English it reviewed has changed', () => {
    writeFileSync(join(dir, 'review-status.json'), JSON.stringify({ es: { 'common.back': { status: 'reviewed', source: 'Go back' }, 'common.next': { status: 'reviewed', source: 'Next' } } }));
    runI18n(['status'], world());
    const total = stringsFor('es', english).length;
    expect(lines.join('\n')).toMatch(new RegExp(`\\nes\\s+Spanish\\s+${total}\\s+1\\s+${total - 1}\\n`));
  });

  it('changes nothing when it refuses a file, and says why', () => {
    const before = [read('locales/ru.json'), read('review-status.json')];
    writeFileSync(join(dir, 'ru.xlf'), withTarget(withoutUnit(exportOf('ru'), 'survey.star_many'), 'common.back', 'Вернуться на предыдущий экран', 'reviewed'));
    expect(runI18n(['import', join(dir, 'ru.xlf')], world())).toBe(1);
    expect(lines[0]).toMatch(/ru\.xlf was not imported; nothing changed\. 2 problem\(s\):$/);
    expect(lines.slice(1).sort()).toEqual([
      '  missing_plural_category: "survey.star" lacks the "many" form; Russian needs one, few, many, other',
      '  too_long: "common.back" is 29 characters; it shows as button that goes to the previous screen on Every screen, which fits 24',
    ]);
    expect([read('locales/ru.json'), read('review-status.json')]).toEqual(before);
  });

  it('says how to use it without a file, and when the file cannot be read', () => {
    expect(runI18n(['import'], world())).toBe(2);
    expect(runI18n(['import', join(dir, 'nope.xlf')], world())).toBe(2);
    expect(lines).toEqual(['usage: npm run i18n:import -- <file.xlf>', expect.stringMatching(/^cannot read .*nope\.xlf: ENOENT/)]);
  });
});
