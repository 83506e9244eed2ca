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
    ['electron/main/bad.ts', "import { contextBridge } from 'electron';\nexport const x = contextBridge;\n", 'belong to the preload'],
    ['electron/main/bad.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", 'belong to the preload'],
    ['electron/preload/bad.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n", 'belong to main'],
    ['electron/preload/bad.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;\n", 'belong to main'],
    ['electron/preload/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'no Node built-ins'],
    ['electron/preload/bad.ts', "import { z } from 'zod';\nexport const x = z;\n", 'stays small'],
    ['electron/main/bad.ts', "import { disablePagePrint } from '../preload/print-guard';\nexport const x = disablePagePrint;\n", 'never imports the preload'],
    ['electron/preload/bad.ts', "import { registerHostIpc } from '../main/ipc';\nexport const x = registerHostIpc;\n", 'never imports main'],
  ])('%s: %s fails the lint', async (filePath, code, expected) => {
    const errors = await restrictedImportErrors(filePath, code);
    expect(errors.join('\n')).toContain(expected);
  });

  it.each([
    ['shared/ok.ts', "import { parseMoney } from './money';\nexport const x = parseMoney;\n"],
    ['renderer/src/ok.ts', "import { parseMoney } from '../../shared';\nexport const x = parseMoney;\n"],
    ['server/ok.ts', "import { readFileSync } from 'node:fs';\nimport { parseMoney } from '../shared';\nexport const x = [readFileSync, parseMoney];\n"],
    ['electron/main/ok.ts', "import { ipcMain, BrowserWindow } from 'electron';\nexport const x = [ipcMain, BrowserWindow];\n"],
    ['electron/preload/ok.ts', "import { contextBridge, ipcRenderer } from 'electron';\nimport type { IpcContract } from '../../shared/ipc';\nexport type C = IpcContract;\nexport const x = [contextBridge, ipcRenderer];\n"],
  ])('%s: an allowed import passes', async (filePath, code) => {
    expect(await restrictedImportErrors(filePath, code)).toEqual([]);
  });
});

/** Screens read through renderer/src/db (queries, hooks) and write through its actions; a Dexie query in one fails the lint. */
describe('storage stays in renderer/src/db', () => {
  async function storageErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  it.each([
    ['renderer/src/staff/Bad.tsx', "import { useLiveQuery } from 'dexie-react-hooks';\nexport const x = useLiveQuery;\n"],
    ['renderer/src/supervisor/bad.ts', "import Dexie from 'dexie';\nexport const x = Dexie;\n"],
    ['renderer/src/staff/Bad.tsx', 'declare const db: { tickets: { toArray(): unknown } };\nexport const x = db.tickets.toArray();\n'],
    ['renderer/src/resident/Bad.tsx', 'declare const kiosk: { db: { helpRequests: unknown } };\nexport const x = kiosk.db.helpRequests;\n'],
  ])('%s: a direct Dexie read fails the lint', async (filePath, code) => {
    expect((await storageErrors(filePath, code)).join('\n')).toContain('renderer/src/db/queries.ts');
  });

  it.each([
    ['renderer/src/db/queries-ok.ts', 'declare const db: { tickets: { toArray(): unknown } };\nexport const x = db.tickets.toArray();\n'],
    ['renderer/src/sync/ok.ts', "import { useLiveQuery } from 'dexie-react-hooks';\nexport const x = useLiveQuery;\n"],
    ['renderer/src/staff/Ok.tsx', "import { useOpenStop } from '../db/hooks';\nexport const x = useOpenStop;\n"],
  ])('%s: reads through db/ pass', async (filePath, code) => {
    expect(await storageErrors(filePath, code)).toEqual([]);
  });
});
