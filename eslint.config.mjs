import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** The layers of DESIGN.md as a checked fact: arrows point inward only. */
import { builtinModules } from 'node:module';

const nodeBuiltinNames = builtinModules.filter((name) => !name.startsWith('_'));
/** Bare names go in `paths` (a `patterns` entry "events" would also match "./events"). */
const nodeBuiltinPaths = (message) => nodeBuiltinNames.map((name) => ({ name, message }));
const nodeBuiltins = ['node:*'];

export const layerRules = {
  shared: {
    paths: nodeBuiltinPaths('shared/ runs everywhere: no Node built-ins.'),
    patterns: [
      { group: ['**/renderer/**', '**/electron/**', '**/server/**', '**/scripts/**', '**/tests/**'], message: 'shared/ is pure: it may not import renderer/, electron/, server/ or tests/.' },
      { group: nodeBuiltins, message: 'shared/ runs everywhere: no Node built-ins.' },
      { group: ['electron', 'react', 'react-dom', 'react-dom/*', 'dexie', 'dexie-react-hooks', 'zustand', 'fastify', '@fastify/*', 'better-sqlite3', 'pg'], message: 'shared/ may not depend on a runtime-specific library.' },
    ],
  },
  renderer: {
    paths: nodeBuiltinPaths('renderer/ runs in a sandboxed page: no Node APIs.'),
    patterns: [
      { group: ['**/electron/**', '**/server/**', '**/scripts/**'], message: 'renderer/ talks to its host through KioskHost only: no electron/ or server/ code.' },
      { group: [...nodeBuiltins, 'electron', 'fastify', '@fastify/*', 'better-sqlite3', 'pg'], message: 'renderer/ runs in a sandboxed page: no Node or Electron APIs.' },
    ],
  },
  electron: {
    patterns: [
      { group: ['**/renderer/**', '**/server/**', '**/scripts/**'], message: 'electron/ may import shared/ only.' },
      { group: ['react', 'react-dom', 'dexie', 'fastify', 'better-sqlite3', 'pg'], message: 'electron/ does not use renderer or server libraries.' },
    ],
  },
  /** Main owns windows and handles IPC; it never reaches into a page. */
  electronMain: {
    paths: [{ name: 'electron', importNames: ['contextBridge', 'ipcRenderer', 'webFrame'], message: 'electron/main is the main process: contextBridge and ipcRenderer belong to the preload.' }],
    patterns: [
      { group: ['**/renderer/**', '**/server/**', '**/scripts/**', '**/electron/preload/**', '../preload', '../preload/**'], message: 'electron/ may import shared/ only (and main never imports the preload).' },
      { group: ['react', 'react-dom', 'dexie', 'fastify', 'better-sqlite3', 'pg'], message: 'electron/ does not use renderer or server libraries.' },
    ],
  },
  /** The sandboxed preload bridges the page to main through invoke only: no main-process API, no Node built-ins. */
  electronPreload: {
    paths: [
      { name: 'electron', importNames: ['ipcMain', 'BrowserWindow', 'app', 'protocol', 'session', 'safeStorage', 'webContents'], message: 'electron/preload runs in the sandboxed page: ipcMain, BrowserWindow and the other main-process APIs belong to main.' },
      ...nodeBuiltinPaths('electron/preload is sandboxed: no Node built-ins.'),
    ],
    patterns: [
      { group: ['**/renderer/**', '**/server/**', '**/scripts/**', '**/electron/main/**', '../main', '../main/**'], message: 'electron/ may import shared/ only (and the preload never imports main).' },
      { group: [...nodeBuiltins], message: 'electron/preload is sandboxed: no Node built-ins.' },
      { group: ['react', 'react-dom', 'dexie', 'fastify', 'better-sqlite3', 'pg', 'zod'], message: 'electron/preload stays small: no libraries (main validates every payload).' },
    ],
  },
  server: {
    patterns: [
      { group: ['**/renderer/**', '**/electron/**', '**/scripts/**'], message: 'server/ may import shared/ only.' },
      { group: ['electron', 'react', 'react-dom', 'dexie', 'dexie-react-hooks', 'zustand'], message: 'server/ does not use Electron or renderer libraries.' },
    ],
  },
};

/** The kiosk's Dexie tables (renderer/src/db/db.ts): outside db/ and sync/, `db.<table>` is a query in the wrong place. */
const kioskTables = ['events', 'transactions', 'quarantine', 'meta', 'catalogue', 'serviceRequests', 'syncLog', 'stops', 'tickets', 'certificateOrders', 'surveys', 'helpRequests', 'dayCloses', 'cityAnswers', 'refunds'];
const tablePattern = `/^(${kioskTables.join('|')})$/`;
const storageMessage = 'Read through renderer/src/db/queries.ts or a hook in renderer/src/db/hooks.ts, write through db/actions: no Dexie query in a screen.';
export const storageReads = {
  imports: {
    paths: layerRules.renderer.paths,
    patterns: [...layerRules.renderer.patterns, { group: ['dexie', 'dexie-react-hooks'], message: storageMessage }],
  },
  syntax: [
    { selector: `MemberExpression[object.name='db'][property.name=${tablePattern}]`, message: storageMessage },
    { selector: `MemberExpression[object.property.name='db'][property.name=${tablePattern}]`, message: storageMessage },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['shared/**/*.ts'], languageOptions: { globals: {} }, rules: { 'no-restricted-imports': ['error', layerRules.shared] } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', layerRules.renderer] },
  },
  {
    // Screens read through renderer/src/db (queries.ts, hooks.ts) and write through its actions: never Dexie directly.
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/db/**', 'renderer/src/sync/**'],
    rules: {
      'no-restricted-imports': ['error', storageReads.imports],
      'no-restricted-syntax': ['error', ...storageReads.syntax],
    },
  },
  { files: ['electron/main/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.electronMain] } },
  { files: ['electron/preload/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.electronPreload] } },
  { files: ['server/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.server] } },
  // app.ts builds the app from the route modules: they take AppContext from server/context.ts, never app.ts (no cycle).
  {
    files: ['server/routes/**/*.ts', 'server/office/**/*.ts', 'server/http/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...layerRules.server.patterns, { group: ['../app', '../app.ts'], message: 'Import AppContext from server/context.ts: app.ts imports the routes.' }] }],
    },
  },
);
