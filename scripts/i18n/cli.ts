import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LANGUAGES } from '../../renderer/src/i18n/languages';
import { flatten, formatStatusTable, setPath, statusRows, type ContextFile, type GlossaryFile, type Messages, type StatusFile } from './strings';
import { exportXliff, importXliff } from './xliff';

/**
 * `npm run i18n:export [-- --out <folder>]`, `npm run i18n:import -- <file>`, `npm run i18n:status`.
 * The strings live in `dir` (renderer/src/i18n): locales/<code>.json, string-context.json (screen, where, max length),
 * glossary.json and review-status.json (who made each string: machine or a reviewer).
 */

export interface I18nWorld {
  dir: string;
  log: (line: string) => void;
  error: (line: string) => void;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const writeJson = (path: string, value: unknown) => writeFileSync(path, JSON.stringify(value, null, 2) + '\n');

function load(dir: string) {
  return {
    english: readJson<Messages>(join(dir, 'locales', 'en.json')),
    context: readJson<ContextFile>(join(dir, 'string-context.json')),
    glossary: readJson<GlossaryFile>(join(dir, 'glossary.json')),
    status: readJson<StatusFile>(join(dir, 'review-status.json')),
  };
}

export function runI18n(argv: string[], world: I18nWorld): number {
  const [command, ...rest] = argv;
  const files = load(world.dir);
  switch (command) {
    case 'export': {
      const at = rest.indexOf('--out');
      const out = resolve(at >= 0 && rest[at + 1] ? rest[at + 1]! : 'out/xliff');
      mkdirSync(out, { recursive: true });
      for (const { code } of LANGUAGES) {
        if (code === 'en') continue;
        const target = readJson<Messages>(join(world.dir, 'locales', `${code}.json`));
        const path = join(out, `${code}.xlf`);
        writeFileSync(path, exportXliff(code, { ...files, target }));
        world.log(path);
      }
      return 0;
    }
    case 'import': {
      const file = rest.find((a) => !a.startsWith('--'));
      if (!file) {
        world.error('usage: npm run i18n:import -- <file.xlf>');
        return 2;
      }
      let xml: string;
      try {
        xml = readFileSync(file, 'utf8');
      } catch (error) {
        world.error(`cannot read ${file}: ${(error as Error).message}`);
        return 2;
      }
      const result = importXliff(xml, files);
      if (!result.ok) {
        world.error(`${file} was not imported; nothing changed. ${result.problems.length} problem(s):`);
        for (const p of result.problems) world.error(`  ${p.code}: ${p.message}`);
        return 1;
      }
      const localePath = join(world.dir, 'locales', `${result.language}.json`);
      const locale = readJson<Messages>(localePath);
      const before = flatten(locale);
      const statuses = { ...(files.status[result.language] ?? {}) };
      let changed = 0;
      for (const s of result.strings) {
        if (before.get(s.key) !== s.value) changed += 1;
        setPath(locale, s.key, s.value);
        statuses[s.key] = { status: s.status, source: s.source };
      }
      writeJson(localePath, locale);
      writeJson(join(world.dir, 'review-status.json'), { ...files.status, [result.language]: statuses });
      const reviewed = result.strings.filter((s) => s.status === 'reviewed').length;
      world.log(`${result.language}: ${result.strings.length} strings read, ${changed} changed, ${reviewed} marked reviewed`);
      return 0;
    }
    case 'status': {
      world.log(formatStatusTable(statusRows(flatten(files.english), files.status)));
      return 0;
    }
    default:
      world.error('usage: i18n export [--out <folder>] | import <file.xlf> | status');
      return 2;
  }
}
