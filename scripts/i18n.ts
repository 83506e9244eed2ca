import { fileURLToPath } from 'node:url';
import { runI18n } from './i18n/cli';

process.exitCode = runI18n(process.argv.slice(2), {
  dir: fileURLToPath(new URL('../renderer/src/i18n', import.meta.url)),
  log: (line) => console.log(line),
  error: (line) => console.error(line),
});
