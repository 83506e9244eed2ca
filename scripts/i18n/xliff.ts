import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LanguageCode } from '../../renderer/src/i18n/languages';
import {
  contextOf,
  flatten,
  isLanguageCode,
  languageName,
  pluralCategories,
  statusOf,
  stringsFor,
  termPattern,
  type ContextFile,
  type GlossaryFile,
  type Messages,
  type ReviewStatus,
  type SourceString,
  type StatusFile,
} from './strings';

/**
 * XLIFF 2.0 (OASIS, urn:oasis:names:tc:xliff:document:2.0) for the resident strings. Each string is a <unit> with
 * notes (screen, where it shows, max length, glossary terms) and one <segment>; an i18next placeholder `{{count}}` is a
 * standalone code <ph equiv="{{count}}"/> and a react-i18next tag pair `<1>…</1>` a paired code <pc>, so a
 * translator's tool keeps them intact and can move them but never has to type them. Plural keys are grouped per base
 * key with one unit per plural category the target language uses. The segment's `state` carries who made the text:
 * `translated` for machine-made, `reviewed`/`final` once a person has checked it.
 */

const NS = 'urn:oasis:names:tc:xliff:document:2.0';

type XmlNode = Record<string, unknown>;
type Attrs = Record<string, string>;

const ATTR = '@_';

function attrs(values: Attrs): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [ATTR + k, v]));
}

function text(value: string): XmlNode {
  return { '#text': value };
}

/** An element whose children are elements: indented, one per line (whitespace there means nothing in XLIFF). */
function block(name: string, attributes: Attrs, children: XmlNode[], depth: number): XmlNode {
  const pad = '\n' + '  '.repeat(depth + 1);
  const content = children.length === 0 ? [] : [...children.flatMap((child) => [text(pad), child]), text('\n' + '  '.repeat(depth))];
  return { [name]: content, ':@': attrs(attributes) };
}

/** An element with mixed content (source, target, note): written exactly, no whitespace added. */
function inline(name: string, attributes: Attrs, children: XmlNode[]): XmlNode {
  return { [name]: children, ':@': attrs(attributes) };
}

// `{{name}}` / `{{name, format}}`, `<1>`, `</1>`, `<1/>`.
const TOKEN = /\{\{[^}]*\}\}|<\/?\d+\/?>/g;

interface Code {
  kind: 'ph' | 'pc';
  id: string;
  /** The i18next text the code stands for: `{{count}}`, or `<1>` + `</1>`. */
  start: string;
  end: string;
}

/** The codes of an i18next string, with ids in order of appearance. */
export function codesOf(message: string): Map<string, Code> {
  const codes = new Map<string, Code>();
  let ph = 0;
  let pc = 0;
  for (const match of message.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith('{{') || token.endsWith('/>')) codes.set(`ph${++ph}`, { kind: 'ph', id: `ph${ph}`, start: token, end: '' });
    else if (!token.startsWith('</')) codes.set(`pc${++pc}`, { kind: 'pc', id: `pc${pc}`, start: token, end: token.replace('<', '</') });
  }
  return codes;
}

/** An i18next string as XLIFF inline content. */
export function toInline(message: string): XmlNode[] {
  const root: XmlNode[] = [];
  const stack: XmlNode[][] = [root];
  let ph = 0;
  let pc = 0;
  let last = 0;
  const top = () => stack[stack.length - 1]!;
  for (const match of message.matchAll(TOKEN)) {
    const token = match[0];
    if (match.index > last) top().push(text(message.slice(last, match.index)));
    last = match.index + token.length;
    if (token.startsWith('{{') || token.endsWith('/>')) {
      ph += 1;
      const disp = token.startsWith('{{') ? token.slice(2, -2).split(',')[0]!.trim() : token;
      top().push(inline('ph', { id: `ph${ph}`, equiv: token, disp }, []));
    } else if (!token.startsWith('</')) {
      pc += 1;
      const children: XmlNode[] = [];
      top().push(inline('pc', { id: `pc${pc}`, equivStart: token, equivEnd: token.replace('<', '</') }, children));
      stack.push(children);
    } else if (stack.length > 1) {
      stack.pop();
    }
  }
  if (last < message.length) top().push(text(message.slice(last)));
  return root;
}

export interface ImportProblem {
  code:
    | 'not_xml'
    | 'not_xliff'
    | 'wrong_source_language'
    | 'unknown_language'
    | 'unknown_string'
    | 'duplicate_string'
    | 'source_changed'
    | 'missing_target'
    | 'broken_placeholder'
    | 'missing_plural_category'
    | 'too_long';
  /** The string's key, when the problem is about one. */
  key: string | null;
  message: string;
}

export interface ExportInput {
  english: Messages;
  target: Messages;
  status: StatusFile;
  context: ContextFile;
  glossary: GlossaryFile;
}

function glossaryNotes(glossary: GlossaryFile, code: LanguageCode, source: string): string[] {
  return Object.values(glossary.terms)
    .filter((term) => termPattern(term.en).test(source))
    .map((term) => `"${term.en}" is ${(term.translations[code] ?? []).map((t) => `"${t}"`).join(' or ')} (${term.note})`);
}

/** One language's XLIFF 2.0 file. */
export function exportXliff(code: LanguageCode, input: ExportInput): string {
  const english = flatten(input.english);
  const target = flatten(input.target);
  const language = languageName(code);
  const strings = stringsFor(code, english);

  const unit = (string: SourceString, depth: number): XmlNode => {
    const context = contextOf(input.context, string.key);
    if (!context) throw new Error(`string "${string.key}" has no context in string-context.json (screen, where, maxLength)`);
    const notes = [
      inline('note', { category: 'screen' }, [text(context.screen)]),
      inline('note', { category: 'location' }, [text(context.where)]),
      inline('note', { category: 'maxLength' }, [text(String(context.maxLength))]),
      ...glossaryNotes(input.glossary, code, string.source).map((g) => inline('note', { category: 'glossary' }, [text(g)])),
    ];
    if (string.plural) {
      notes.push(inline('note', { category: 'plural' }, [text(`The "${string.plural.category}" form (Intl.PluralRules, ${language})`)]));
    }
    const existing = target.get(string.key);
    const state = existing === undefined ? 'initial' : statusOf(input.status, code, string) === 'reviewed' ? 'reviewed' : 'translated';
    const segment = [inline('source', {}, toInline(string.source))];
    if (existing !== undefined) segment.push(inline('target', {}, toInline(existing)));
    return block(
      'unit',
      { id: string.key, name: string.key },
      [block('notes', {}, notes, depth + 1), block('segment', { state }, segment, depth + 1)],
      depth,
    );
  };

  const body: XmlNode[] = [];
  for (let i = 0; i < strings.length; i++) {
    const string = strings[i]!;
    if (!string.plural) {
      body.push(unit(string, 2));
      continue;
    }
    const { base } = string.plural;
    const forms = strings.filter((s) => s.plural?.base === base);
    i += forms.length - 1;
    const note = inline('note', { category: 'plural' }, [text(`${language} needs these plural forms: ${pluralCategories(code).join(', ')}`)]);
    body.push(block('group', { id: base, name: 'plural' }, [block('notes', {}, [note], 3), ...forms.map((form) => unit(form, 3))], 2));
  }

  const file = block('file', { id: 'resident', original: 'renderer/src/i18n/locales/en.json' }, body, 1);
  const doc = [
    { '?xml': [text('')], ':@': attrs({ version: '1.0', encoding: 'UTF-8' }) },
    text('\n'),
    block('xliff', { xmlns: NS, version: '2.0', srcLang: 'en', trgLang: code }, [file], 0),
    text('\n'),
  ];
  return new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: ATTR, suppressEmptyNode: true }).build(doc) as string;
}

// ---- import ----

function nameOf(node: XmlNode): string | null {
  return Object.keys(node).find((k) => k !== ':@') ?? null;
}

function childrenOf(node: XmlNode): XmlNode[] {
  const name = nameOf(node);
  const value = name ? node[name] : undefined;
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function attrOf(node: XmlNode, name: string): string | undefined {
  const all = node[':@'] as Record<string, unknown> | undefined;
  const value = all?.[ATTR + name];
  return value === undefined ? undefined : String(value);
}

function elements(nodes: XmlNode[], name?: string): XmlNode[] {
  return nodes.filter((n) => {
    const tag = nameOf(n);
    return tag !== null && tag !== '#text' && tag !== '#comment' && (name === undefined || tag === name);
  });
}

/** Rebuilds the i18next text of a target from its inline content, checking every code against the source's. */
function fromInline(nodes: XmlNode[], codes: Map<string, Code>, used: Set<string>, problems: string[]): string {
  let out = '';
  for (const node of nodes) {
    const tag = nameOf(node);
    if (tag === '#text') {
      const value = String(node['#text']);
      if (/\{\{|\}\}|<\/?\d+\/?>/.test(value)) problems.push(`has placeholder text typed in by hand (${JSON.stringify(value.trim())}) instead of a <ph>/<pc> code`);
      out += value;
    } else if (tag === 'ph' || tag === 'pc') {
      const id = attrOf(node, 'id') ?? '';
      const code = codes.get(id);
      if (!code || code.kind !== tag) {
        problems.push(`has a <${tag} id="${id}"> the English text does not have`);
        continue;
      }
      if (used.has(id)) problems.push(`uses <${tag} id="${id}"> twice`);
      used.add(id);
      out += tag === 'ph' ? code.start : code.start + fromInline(childrenOf(node), codes, used, problems) + code.end;
    } else if (tag === 'mrk' || tag === 'sm' || tag === 'em') {
      out += fromInline(childrenOf(node), codes, used, problems);
    } else if (tag !== '#comment') {
      problems.push(`has an element <${tag}> that is not XLIFF 2.0 inline content`);
    }
  }
  return out;
}

function plainText(nodes: XmlNode[], codes: Map<string, Code>): string {
  const ignored: string[] = [];
  return fromInline(nodes, codes, new Set(), ignored);
}

export interface ImportedString {
  key: string;
  value: string;
  status: ReviewStatus;
  source: string;
}

export type ImportResult = { ok: true; language: LanguageCode; strings: ImportedString[] } | { ok: false; language: LanguageCode | null; problems: ImportProblem[] };

/**
 * Reads a reviewed XLIFF 2.0 file. Refuses the whole file (and so changes nothing) when any string has a broken
 * placeholder, a plural group lacks a form the target language needs, a string is longer than its context allows,
 * or the file is not XLIFF 2.0 for a kiosk language with today's English.
 */
export function importXliff(xml: string, input: { english: Messages; context: ContextFile }): ImportResult {
  const fail = (code: ImportProblem['code'], message: string, language: LanguageCode | null = null): ImportResult => ({
    ok: false,
    language,
    problems: [{ code, key: null, message }],
  });
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return fail('not_xml', `the file is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const doc = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: ATTR, trimValues: false, parseTagValue: false, parseAttributeValue: false }).parse(xml) as XmlNode[];
  const root = elements(doc, 'xliff')[0];
  if (!root || attrOf(root, 'version') !== '2.0' || attrOf(root, 'xmlns') !== NS) return fail('not_xliff', `the file is not XLIFF 2.0 (expected <xliff version="2.0" xmlns="${NS}">)`);
  if (attrOf(root, 'srcLang') !== 'en') return fail('wrong_source_language', `the source language is "${attrOf(root, 'srcLang') ?? ''}", not "en"`);
  const trgLang = attrOf(root, 'trgLang') ?? '';
  if (!isLanguageCode(trgLang) || trgLang === 'en') return fail('unknown_language', `the target language "${trgLang}" is not one of the kiosk's translated languages`);
  const code = trgLang;

  const english = flatten(input.english);
  const expected = new Map(stringsFor(code, english).map((s) => [s.key, s]));
  const problems: ImportProblem[] = [];
  const problem = (c: ImportProblem['code'], key: string | null, message: string) => problems.push({ code: c, key, message });
  const imported: ImportedString[] = [];
  const seen = new Set<string>();

  const units: XmlNode[] = [];
  const walk = (nodes: XmlNode[]) => {
    for (const node of elements(nodes)) {
      const tag = nameOf(node);
      if (tag === 'unit') units.push(node);
      else if (tag === 'file' || tag === 'group') walk(childrenOf(node));
    }
  };
  walk(childrenOf(root));

  for (const unit of units) {
    const key = attrOf(unit, 'id') ?? '';
    const string = expected.get(key);
    if (!string) {
      problem('unknown_string', key, `"${key}" is not a string ${languageName(code)} needs (a plural form of another language, or removed from the kiosk)`);
      continue;
    }
    if (seen.has(key)) {
      problem('duplicate_string', key, `"${key}" appears more than once`);
      continue;
    }
    seen.add(key);
    const codes = codesOf(string.source);
    const segment = elements(childrenOf(unit), 'segment')[0];
    const sourceNode = segment && elements(childrenOf(segment), 'source')[0];
    const targetNode = segment && elements(childrenOf(segment), 'target')[0];
    const source = sourceNode ? plainText(childrenOf(sourceNode), codes) : '';
    if (source !== string.source) {
      problem('source_changed', key, `"${key}": the English in the file (${JSON.stringify(source)}) is not today's (${JSON.stringify(string.source)}); export again`);
      continue;
    }
    if (!targetNode) {
      if (string.plural) continue; // reported below with the plural group
      problem('missing_target', key, `"${key}" has no <target>`);
      continue;
    }
    const placeholderProblems: string[] = [];
    const used = new Set<string>();
    const value = fromInline(childrenOf(targetNode), codes, used, placeholderProblems);
    if (value.trim() === '') {
      if (!string.plural) problem('missing_target', key, `"${key}" has an empty <target>`);
      continue;
    }
    // A plural form may say its number in words ("one minute", Arabic's dual): only {{count}} may be left out, and only there.
    const missing = [...codes.keys()].filter((id) => !used.has(id) && !(string.plural && /^\{\{\s*count\s*(,[^}]*)?\}\}$/.test(codes.get(id)!.start)));
    if (missing.length > 0) {
      placeholderProblems.push(`lacks ${missing.map((id) => `<${codes.get(id)!.kind} id="${id}"> (${codes.get(id)!.start})`).join(', ')}`);
    }
    for (const p of placeholderProblems) problem('broken_placeholder', key, `"${key}" ${p}`);
    const context = contextOf(input.context, key);
    // Placeholders count as the English they stand for: "{{count}}" is a number of a few digits on screen.
    const shown = [...value.replace(/\{\{[^}]*\}\}/g, '0000').replace(/<\/?\d+\/?>/g, '')].length;
    if (context && shown > context.maxLength) {
      problem('too_long', key, `"${key}" is ${shown} characters; it shows as ${context.where} on ${context.screen}, which fits ${context.maxLength}`);
    }
    const state = attrOf(segment!, 'state') ?? 'initial';
    imported.push({ key, value, status: state === 'reviewed' || state === 'final' ? 'reviewed' : 'machine', source: string.source });
  }

  const importedKeys = new Set(imported.map((s) => s.key));
  const groups = new Map<string, SourceString[]>();
  for (const s of expected.values()) if (s.plural) groups.set(s.plural.base, [...(groups.get(s.plural.base) ?? []), s]);
  for (const [base, forms] of groups) {
    if (!forms.some((f) => seen.has(f.key))) continue; // the group is not in this file at all
    const absent = forms.filter((f) => !importedKeys.has(f.key)).map((f) => f.plural!.category);
    if (absent.length > 0) {
      problem(
        'missing_plural_category',
        base,
        `"${base}" lacks the ${absent.map((c) => `"${c}"`).join(', ')} form${absent.length > 1 ? 's' : ''}; ${languageName(code)} needs ${pluralCategories(code).join(', ')}`,
      );
    }
  }

  return problems.length > 0 ? { ok: false, language: code, problems } : { ok: true, language: code, strings: imported };
}
