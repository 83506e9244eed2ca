import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { denominations } from '../../shared';
import en from '../../renderer/src/i18n/staff/en.json';
import { denominationLabel } from '../../renderer/src/supervisor/report';

/**
 * Issue #16: the staff and supervisor windows take their words from the `staff` i18n namespace, so a language for staff
 * is a file, not a rewrite. These checks read the renderer's source with the TypeScript compiler: English left in a
 * component (a JSX text node, or a literal in an attribute a person reads or hears) fails, and so does a key that the
 * catalogue does not have.
 */

const ROOT = join(__dirname, '../../renderer/src');
/** The resident touchscreen has its own catalogues (tests/unit/i18n-messages.test.ts); i18n/ is the machinery itself. */
const OUTSIDE = ['resident', 'i18n'];

/** Attributes (and component props) whose value is shown or read aloud to a person. */
const READ_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label', 'submitLabel']);

/** Text that is not a word in any language: symbols, separators, currency. */
const ALLOWED = new Set(['$']);

function sourceFiles(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (dir === ROOT && OUTSIDE.includes(entry.name)) continue;
      out.push(...sourceFiles(path, ext));
    } else if (ext.test(entry.name)) out.push(path);
  }
  return out.sort();
}

const hasWords = (text: string) => /\p{L}/u.test(text) && !ALLOWED.has(text.trim());

function parse(file: string, text = readFileSync(file, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

/** English a component hard-codes: "file:line: text". */
export function hardCodedText(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${relative(ROOT, source.fileName)}:${line + 1}: ${text.trim().replace(/\s+/g, ' ')}`);
  };
  const literalText = (node: ts.Node | undefined): string | null => {
    if (!node) return null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
    if (ts.isJsxExpression(node)) return literalText(node.expression);
    return null;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, node.text);
    else if (ts.isJsxExpression(node) && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      // A string put straight between tags, {'Loading…'} or {`${n} left`}.
      const text = literalText(node.expression);
      if (text !== null && hasWords(text)) report(node, text);
    } else if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(source))) {
      const text = literalText(node.initializer);
      if (text !== null && hasWords(text)) report(node, `${node.name.getText(source)}=${text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function flatKeys(node: Record<string, unknown>, prefix = '', out = new Set<string>()): Set<string> {
  for (const [key, value] of Object.entries(node)) {
    if (value !== null && typeof value === 'object') flatKeys(value as Record<string, unknown>, `${prefix}${key}.`, out);
    else out.add(prefix + key);
  }
  return out;
}

/** Keys passed as literals to t(), staffT() or <StaffTrans i18nKey>, in files that read the staff namespace. */
function usedKeys(source: ts.SourceFile): { key: string; where: string }[] {
  const used: { key: string; where: string }[] = [];
  const where = (node: ts.Node) => `${relative(ROOT, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['t', 'staffT'].includes(node.expression.text)) {
      const [first] = node.arguments;
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) used.push({ key: first.text, where: where(node) });
    }
    if (ts.isJsxAttribute(node) && node.name.getText(source) === 'i18nKey' && node.initializer && ts.isStringLiteral(node.initializer)) {
      used.push({ key: node.initializer.text, where: where(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return used;
}

describe('staff window text comes from the staff i18n namespace', () => {
  const components = sourceFiles(ROOT, /\.tsx$/);

  it('finds the staff and supervisor components', () => {
    const names = components.map((f) => relative(ROOT, f));
    expect(names).toEqual(expect.arrayContaining(['StaffShell.tsx', 'supervisor/CloseOut.tsx', 'supervisor/Settings.tsx', 'staff/StaffConsole.tsx', 'components/PinCheck.tsx']));
    expect(names.some((n) => n.startsWith('resident/'))).toBe(false);
  });

  it('leaves no English in JSX text or in read attributes', () => {
    expect(components.flatMap((f) => hardCodedText(parse(f)))).toEqual([]);
  });

  it('flags what it is meant to flag, and lets symbols and translated text through', () => {
    const sample = parse(
      'sample.tsx',
      `const a = <p>Close the day</p>;
       const b = <button aria-label="Sync status">{t('x')}</button>;
       const c = <input placeholder={'Name'} title={\`\${n} left\`} />;
       const d = <p>{'Loading…'} $ {formatMoney(1)} · — / 0</p>;
       const e = <input placeholder="0" aria-label={t('y')} />;`,
    );
    expect(hardCodedText(sample).map((s) => s.replace(/^.*?: /, ''))).toEqual(['Close the day', 'aria-label=Sync status', 'placeholder=Name', 'title= left', 'Loading…']);
  });

  it('uses only keys that en.json has (a plural key by its _one/_other pair)', () => {
    const keys = flatKeys(en as Record<string, unknown>);
    const files = sourceFiles(ROOT, /\.tsx?$/).filter((f) => /i18n\/staff/.test(readFileSync(f, 'utf8')));
    const used = files.flatMap((f) => usedKeys(parse(f)));
    expect(used.length).toBeGreaterThan(100);
    const missing = used.filter(({ key }) => !keys.has(key) && !(keys.has(`${key}_one`) && keys.has(`${key}_other`)));
    expect(missing).toEqual([]);
  });

  it('has a label for every denomination the drawer is counted in (read by a computed key)', () => {
    const keys = flatKeys(en as Record<string, unknown>);
    expect(denominations.filter((d) => !keys.has(`closeOut.denominations.${d}`))).toEqual([]);
    expect(denominationLabel('100')).toBe('$1 bills and $1 coins');
  });
});
