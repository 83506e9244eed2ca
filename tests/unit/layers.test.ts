import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layer rules of DESIGN.md are enforced by the linter: a wrong import fails `npm test`. */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries', () => {
  it.each([
    ['shared/bad.ts', "import { App } from '../renderer/src/App';\nexport const x = App;\n", 'shared/ is pure'],
    ['shared/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'no Node built-ins'],
    ['shared/bad.ts', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n", 'no Node built-ins'],
    ['shared/bad.ts', "import Dexie from 'dexie';\nexport const x = Dexie;\n", 'runtime-specific'],
    ['shared/bad.ts', "import { buildApp } from '../server/app';\nexport const x = buildApp;\n", 'shared/ is pure'],
    ['renderer/src/bad.ts', "import { registerHostIpc } from '../../electron/main/ipc';\nexport const x = registerHostIpc;\n", 'KioskHost only'],
    ['renderer/src/bad.ts', "import { buildApp } from '../../server/app';\nexport const x = buildApp;\n", 'KioskHost only'],
    ['renderer/src/bad.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", 'sandboxed page'],
    ['server/bad.ts', "import { KioskDb } from '../renderer/src/db/db';\nexport const x = KioskDb;\n", 'shared/ only'],
    ['electron/main/bad.ts', "import { App } from '../../renderer/src/App';\nexport const x = App;\n", 'shared/ only'],
  ])('%s: %s fails the lint', async (filePath, code, expected) => {
    const errors = await restrictedImportErrors(filePath, code);
    expect(errors.join('\n')).toContain(expected);
  });

  it.each([
    ['shared/ok.ts', "import { parseMoney } from './money';\nexport const x = parseMoney;\n"],
    ['renderer/src/ok.ts', "import { parseMoney } from '../../shared';\nexport const x = parseMoney;\n"],
    ['server/ok.ts', "import { readFileSync } from 'node:fs';\nimport { parseMoney } from '../shared';\nexport const x = [readFileSync, parseMoney];\n"],
  ])('%s: an allowed import passes', async (filePath, code) => {
    expect(await restrictedImportErrors(filePath, code)).toEqual([]);
  });
});
