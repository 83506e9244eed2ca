import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const NO_ELECTRON_MESSAGE =
  'Electron could not start: its binary is not installed on this machine and could not be downloaded (since Electron 42 ' +
  'the electron package fetches it on first launch, which needs access to its download host). The central API was ' +
  'started and then stopped again. To use the kiosk here, run `npm run start:web`: it starts the same API with the same ' +
  'demo data and serves the very same kiosk to any Chromium at the address it prints.';

function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The Electron binary if it is already installed; never downloads. */
export function locateElectronBinary(): string | null {
  const dir = electronPackageDir();
  if (!dir) return null;
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Finds the Electron binary, trying its first-launch download once; null when there is none to be had. */
export function findElectronBinary(): string | null {
  const found = locateElectronBinary();
  const dir = electronPackageDir();
  if (found || !dir) return found;
  const install = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  return install.status === 0 ? locateElectronBinary() : null;
}
