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
  server: {
    patterns: [
      { group: ['**/renderer/**', '**/electron/**', '**/scripts/**'], message: 'server/ may import shared/ only.' },
      { group: ['electron', 'react', 'react-dom', 'dexie', 'dexie-react-hooks', 'zustand'], message: 'server/ does not use Electron or renderer libraries.' },
    ],
  },
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
  { files: ['electron/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.electron] } },
  { files: ['server/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.server] } },
);
