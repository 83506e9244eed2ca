import { app, BrowserWindow, ipcMain, safeStorage, session } from 'electron';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IpcChannel } from '../../shared/ipc-channels';
import { readLaunchSettings } from './config';
import { createCredentialStore } from './credential-store';
import { registerHostIpc } from './ipc';
import { denyAllPermissions, hardenWebContents, isTrustedAppUrl } from './security';
import { createKioskWindow } from './window';

/** Wiring only: every decision lives in a module that receives these Electron objects and is tested with fakes. */
const here = dirname(fileURLToPath(import.meta.url));
const indexHtml = join(here, '../renderer/index.html');
const appRoot = pathToFileURL(join(here, '../renderer/')).href;
const settings = readLaunchSettings(process.env);

app.enableSandbox();

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appRoot));

void app.whenReady().then(async () => {
  denyAllPermissions(session.defaultSession);
  const credentialFile = join(app.getPath('userData'), 'device-credentials.bin');
  const credentials = createCredentialStore(safeStorage, {
    read: () => readFile(credentialFile).catch(() => null),
    write: async (data) => {
      await mkdir(dirname(credentialFile), { recursive: true });
      await writeFile(credentialFile, data, { mode: 0o600 });
    },
    remove: () => rm(credentialFile, { force: true }),
  });
  if (settings.provisionedCredentials && !(await credentials.get().catch(() => null))) {
    await credentials.set(settings.provisionedCredentials);
  }
  registerHostIpc(
    ipcMain,
    {
      [IpcChannel.GetConfig]: async () => settings.config,
      [IpcChannel.GetCredentials]: () => credentials.get(),
      [IpcChannel.SetCredentials]: (request) => credentials.set(request),
      [IpcChannel.PrintHtml]: async ({ html }) => {
        const printWindow = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } });
        await printWindow.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
        await new Promise<void>((resolve) => printWindow.webContents.print({ silent: false }, () => resolve()));
        printWindow.close();
      },
      [IpcChannel.AppVersion]: async () => app.getVersion(),
    },
    (url) => isTrustedAppUrl(url, appRoot),
  );
  const preloadPath = join(here, '../preload/index.cjs');
  // The staff window, and the resident touchscreen (full-screen kiosk mode on the van's second display).
  createKioskWindow(BrowserWindow, { preloadPath, kiosk: false }, indexHtml, 'staff');
  if (settings.residentWindow) createKioskWindow(BrowserWindow, { preloadPath, kiosk: settings.kioskMode }, indexHtml, 'resident');
});

app.on('window-all-closed', () => app.quit());
