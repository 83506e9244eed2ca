import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFICE_MESSAGES, officeT } from '../../renderer/office/i18n';
import { flatKeys, hardCodedText, missingKeys, parse, proseLiterals, sourceFiles, usedKeys } from '../helpers/jsx-text';

/**
 * Issue #16 for the office console: its words come from the `office` i18n namespace (renderer/office/i18n), made like
 * the staff window's, so a language for the office is a catalogue, not a rewrite. The console's source is read with
 * the TypeScript compiler: English left in JSX text, in an attribute a person reads, or in a string written in code
 * (a caption, a column list, a section title, a status line, a confirm()) fails, and so does a key the catalogue lacks.
 */

const ROOT = join(__dirname, '../../renderer/office');
/** i18n/ is the catalogue and its machinery. */
const OUTSIDE = ['i18n'];
const T_FUNCTIONS = ['t', 'officeT'];
const files = sourceFiles(ROOT, /\.tsx?$/, OUTSIDE);
const en = OFFICE_MESSAGES.en as Record<string, unknown>;

describe('office console text comes from the office i18n namespace', () => {
  it('reads every section of the console', () => {
    const names = files.map((f) => relative(ROOT, f));
    expect(names).toEqual(
      expect.arrayContaining(['App.tsx', 'SignIn.tsx', 'Fleet.tsx', 'Days.tsx', 'Kpis.tsx', 'Requests311.tsx', 'Voice.tsx', 'Catalogue.tsx', 'Staff.tsx', 'Questions.tsx', 'Accounts.tsx', 'Audit.tsx', 'format.ts', 'parts.tsx']),
    );
  });

  it('leaves no English in JSX text or in read attributes', () => {
    expect(files.flatMap((f) => hardCodedText(parse(f), ROOT))).toEqual([]);
  });

  it('leaves no words for a person in strings written in code', () => {
    expect(files.flatMap((f) => proseLiterals(parse(f), ROOT, T_FUNCTIONS))).toEqual([]);
  });

  it('flags what it is meant to flag, and lets keys, code names and paths through', () => {
    const sample = parse(
      'sample.tsx',
      `import { x } from './Kpis';
       const Kpis = lazy(() => import('./Kpis'));
       const SECTIONS = [{ path: 'fleet', title: 'Fleet', role: 'viewer' }];
       setMessage(\`\${name} is revoked.\`);
       if (!window.confirm('Revoke it?')) return;
       const a = <DataTable caption={t('fleet.vans', { count: 2 })} columns={['Van', t('fleet.columns.state')]} />;
       const b = <p className="saved loading" role="status" id="kpi-table">{t('x.y')}</p>;
       const c = method === 'POST' ? 'content-type' : 'application/json';
       const d = <input type="radio" name="kpi-view" value="chart" aria-label={officeT('kpis.view')} />;`,
    );
    expect(proseLiterals(sample, '', T_FUNCTIONS).map((s) => s.replace(/^.*?: /, ''))).toEqual(['Fleet', 'is revoked.', 'Revoke it?', 'Van']);
  });

  it('uses only keys that the catalogue has (a plural key by its _one/_other pair)', () => {
    const keys = flatKeys(en);
    const used = files.filter((f) => /i18n/.test(readFileSync(f, 'utf8'))).flatMap((f) => usedKeys(parse(f), ROOT, T_FUNCTIONS));
    expect(used.length).toBeGreaterThan(300);
    expect(missingKeys(used, keys)).toEqual([]);
  });

  it('has only strings in the catalogue, each with words, and no key that only differs in case', () => {
    const keys = [...flatKeys(en)];
    const value = (key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en);
    expect(keys.filter((k) => typeof value(k) !== 'string' || !/\p{L}|\d/u.test(value(k) as string))).toEqual([]);
    const lower = keys.map((k) => k.toLowerCase());
    expect(lower.filter((k, i) => lower.indexOf(k) !== i)).toEqual([]);
  });

  it('counts in words with the plural rules (one van, two vans)', () => {
    expect(officeT('fleet.vans', { count: 1 })).toBe('1 van');
    expect(officeT('fleet.vans', { count: 2 })).toBe('2 vans');
    expect(officeT('fleet.vans', { count: 0 })).toBe('0 vans');
  });
});
