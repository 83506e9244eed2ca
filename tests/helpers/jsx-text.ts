import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Reads a window's components with the TypeScript compiler to find English left in them (issue #16: a language for
 * staff is a file, not a rewrite). Used by the staff window's and the office console's catalogue checks.
 */

/** Attributes (and component props) whose value is shown or read aloud to a person. */
export const READ_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label', 'submitLabel']);

/** Text that is not a word in any language: symbols, separators, currency. */
const ALLOWED = new Set(['$']);

/** The files below `dir` whose names match `ext`, leaving out the folders named in `outside` (at the top only). */
export function sourceFiles(dir: string, ext: RegExp, outside: readonly string[] = [], top = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (dir === top && outside.includes(entry.name)) continue;
      out.push(...sourceFiles(path, ext, outside, top));
    } else if (ext.test(entry.name)) out.push(path);
  }
  return out.sort();
}

const hasWords = (text: string) => /\p{L}/u.test(text) && !ALLOWED.has(text.trim());

export function parse(file: string, text = readFileSync(file, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

/** English a component hard-codes: "file:line: text", the file relative to `root`. */
export function hardCodedText(source: ts.SourceFile, root: string): string[] {
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${relative(root, source.fileName)}:${line + 1}: ${text.trim().replace(/\s+/g, ' ')}`);
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

/** Every leaf key of a catalogue, dotted ("shell.signOut"). */
export function flatKeys(node: Record<string, unknown>, prefix = '', out = new Set<string>()): Set<string> {
  for (const [key, value] of Object.entries(node)) {
    if (value !== null && typeof value === 'object') flatKeys(value as Record<string, unknown>, `${prefix}${key}.`, out);
    else out.add(prefix + key);
  }
  return out;
}

/** Keys passed as literals to one of `functions` (t(), staffT()…) or as an `i18nKey` attribute: "file:line". */
export function usedKeys(source: ts.SourceFile, root: string, functions: readonly string[]): { key: string; where: string }[] {
  const used: { key: string; where: string }[] = [];
  const where = (node: ts.Node) => `${relative(root, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && functions.includes(node.expression.text)) {
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

/** The keys of `used` a catalogue lacks (a plural key counts when it has its _one/_other pair). */
export function missingKeys(used: readonly { key: string; where: string }[], keys: ReadonlySet<string>): { key: string; where: string }[] {
  return used.filter(({ key }) => !keys.has(key) && !(keys.has(`${key}_one`) && keys.has(`${key}_other`)));
}

/** JSX attributes whose value is a name for the code (a class, an id, an input type), never words for a person. */
const CODE_ATTRIBUTES = new Set(['className', 'id', 'htmlFor', 'type', 'name', 'role', 'href', 'key', 'value', 'autoComplete', 'inputMode', 'pattern', 'lang', 'dir', 'form', 'accept', 'rel', 'target', 'method', 'aria-current', 'aria-live', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-invalid', 'aria-haspopup', 'scope', 'step', 'min', 'max', 'd', 'viewBox', 'fill', 'stroke']);

/** Looks like words for a person: two words, or one capitalised word ("Fleet", "Never", "Not published: …"). */
const PROSE = /\p{L}{2,}[ \u00a0]+\p{L}|^[\s\p{P}]*\p{Lu}\p{Ll}+/u;

/**
 * Words for a person written as a string anywhere in a file, outside JSX text too (a caption or column list, a
 * section title, a status line set in code, a confirm()): "file:line: text". What is passed to one of `functions`
 * (the catalogue's t) as its key, import paths and code-name attributes are not words.
 */
export function proseLiterals(source: ts.SourceFile, root: string, functions: readonly string[]): string[] {
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${relative(root, source.fileName)}:${line + 1}: ${text.trim().replace(/\s+/g, ' ')}`);
  };
  const exempt = (node: ts.Node): boolean => {
    const parent = node.parent;
    if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return true;
    if (ts.isImportTypeNode(parent.parent ?? parent)) return true;
    if (ts.isLiteralTypeNode(parent)) return true;
    if (ts.isJsxAttribute(parent)) return CODE_ATTRIBUTES.has(parent.name.getText(source)) || parent.name.getText(source).startsWith('data-');
    if (ts.isCallExpression(parent) && parent.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
    if (ts.isCallExpression(parent) && parent.arguments[0] === node) {
      const callee = parent.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (functions.includes(name) || name === 'i18nKey') return true;
    }
    if (ts.isPropertyAssignment(parent) && parent.name === node) return true;
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (!ts.isJsxAttribute(node.parent) || !READ_ATTRIBUTES.has(node.parent.name.getText(source))) {
        if (!exempt(node) && PROSE.test(node.text)) report(node, node.text);
      }
    } else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (!exempt(node) && PROSE.test(text)) report(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
