import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, safeStorage, screen, session } from 'electron';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UpdateReadiness } from '../../shared';
import electronUpdater from 'electron-updater';
import { APP_SCHEME, createAppProtocolHandler } from './app-protocol';
import { prepareApp } from './bootstrap';
import { readLaunchSettings } from './config';
import { createCredentialStore, createDataKeyStore, type SecretFiles } from './credential-store';
import { createDeviceSession, installDeviceAuth } from './device';
import { createHostHandlers } from './host-handlers';
import { registerHostIpc } from './ipc';
import { claimSingleInstance, keepDisplayAwake } from './lifecycle';
import { createFileSink, createLogger } from './logger';
import { createSilentPrinter } from './printing';
import { blockKioskShortcuts, denyAllPermissions, hardenWebContents, isTrustedAppUrl } from './security';
import { createSettingsStore } from './settings-store';
import { checkOnDemand, electronUpdaterBackend, fetchUpdatePolicy, UpdateService } from './updates';
import { applyResidentSettings, createKioskWindow, installModeSwitch, planWindows, superviseRenderer } from './window';

/** Wiring only: every decision lives in a module that receives these Electron objects and is tested with fakes. */
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const launch = readLaunchSettings(process.env);
const windows: BrowserWindow[] = [];
let residentWindow: BrowserWindow | null = null;
let updates: UpdateService | null = null;
let readiness: UpdateReadiness | null = null;

const { autoUpdater } = electronUpdater;
prepareApp(app, Menu, protocol);

if (claimSingleInstance(app, () => windows[0]?.show())) {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => isTrustedAppUrl(url));
    blockKioskShortcuts(contents);
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

function secretFiles(name: string): SecretFiles {
  const file = join(app.getPath('userData'), name);
  return {
    read: () => readFile(file).catch(() => null),
    write: async (data) => {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, data, { mode: 0o600 });
    },
    remove: () => rm(file, { force: true }),
  };
}

async function start(): Promise<void> {
  const log = createLogger(createFileSink(join(app.getPath('userData'), 'logs'), fs, join), () => new Date());
  log.info('kiosk starting', { version: app.getVersion(), packaged: app.isPackaged });

  const policy = { platform: process.platform, acceptBasicText: launch.acceptBasicTextStorage };
  const settingsFile = join(app.getPath('userData'), 'settings.json');
  const settings = createSettingsStore(
    { read: () => readFile(settingsFile, 'utf8').catch(() => null), write: (text) => writeFile(settingsFile, text, { mode: 0o600 }) },
    launch.config,
    async (next, previous) => {
      if (next.apiUrl !== previous.apiUrl) {
        // The office moved: the token goes to the new origin, and every window reloads for the CSP to name it.
        await device.moveApi(next.apiUrl);
        for (const window of windows) if (!window.isDestroyed()) window.webContents.reload();
      } else if (residentWindow) {
        // The resident window picks up the new idle times and van name; it moves if its display changed.
        applyResidentSettings(residentWindow, screen.getAllDisplays(), screen.getPrimaryDisplay(), next, previous);
      }
      log.info('settings changed by a supervisor', { fields: Object.keys(next).filter((k) => JSON.stringify(next[k as keyof typeof next]) !== JSON.stringify(previous[k as keyof typeof previous])) });
    },
  );
  await settings.load();
  const credentials = createCredentialStore(safeStorage, policy, secretFiles('device-credentials.bin'));
  const dataKey = createDataKeyStore(safeStorage, policy, secretFiles('data-key.bin'), (n) => new Uint8Array(randomBytes(n)));
  const device = createDeviceSession({ store: credentials, configuredApiUrl: () => settings.get().apiUrl, fetch: (url, init) => fetch(url, init) });
  try {
    if (launch.provisionedCredentials && !(await credentials.get().catch(() => null))) await credentials.set(launch.provisionedCredentials);
    await device.load();
  } catch (error) {
    // The page shows the reason (getCredentials rejects with it); the kiosk cannot sync without a safe keychain.
    log.error('device credentials unavailable', { reason: error instanceof Error ? error.message : String(error) });
  }

  denyAllPermissions(session.defaultSession);
  installDeviceAuth(session.defaultSession.webRequest, device);
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: rendererDir, readFile: (path) => readFile(path), apiOrigin: () => device.apiOrigin() }));

  registerHostIpc(
    ipcMain,
    createHostHandlers({
      launchConfig: launch.config,
      settings,
      credentials,
      device,
      dataKey,
      print: createSilentPrinter(BrowserWindow, () => settings.get().printerName),
      screen,
      printers: async () => (await windows[0]?.webContents.getPrintersAsync()) ?? [],
      appVersion: () => app.getVersion(),
      readinessChanged: (state) => {
        readiness = state;
        updates?.readinessChanged();
      },
      // The office refused this kiosk's version: look for the update now rather than at the daily check.
      checkForUpdate: () => checkOnDemand(updates),
    }),
    (url) => isTrustedAppUrl(url),
  );

  // App updates from the city's server, in the packaged app only: checked at start and daily, installed when safe.
  const feedUrl = launch.updateFeedUrl;
  if (app.isPackaged && feedUrl) {
    updates = new UpdateService({
      // The pin in force (the office's once read) decides whether the updater may move to an older release.
      backend: electronUpdaterBackend(autoUpdater, feedUrl, () => updates?.pinnedVersion() ?? launch.pinnedVersion),
      currentVersion: app.getVersion(),
      deviceId: () => device.identity()?.deviceId ?? null,
      pinnedVersion: () => launch.pinnedVersion,
      policy: async () => {
        const origin = device.apiOrigin();
        const token = device.token();
        if (!origin || !token) throw new Error('this van is not enrolled');
        return fetchUpdatePolicy(origin, token, app.getVersion(), (url, init) => fetch(url, init));
      },
      readiness: () => readiness,
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
      log: (message, fields) => log.info(message, fields),
    });
    updates.start();
  }

  const awake = keepDisplayAwake(powerSaveBlocker);
  app.on('will-quit', () => awake.release());

  const preloadPath = join(here, '../preload/index.cjs');
  const plan = planWindows(screen.getAllDisplays(), screen.getPrimaryDisplay(), settings.get().residentDisplay);
  const open = (route: 'staff' | 'resident', kiosk: boolean, bounds: Electron.Rectangle) => {
    const window = createKioskWindow(BrowserWindow, { preloadPath, kiosk, isPackaged: app.isPackaged, bounds }, route);
    superviseRenderer(window, {
      maxReloads: 3,
      windowMs: 10 * 60_000,
      hangMs: 15_000,
      now: () => Date.now(),
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
      log: (message, fields) => log.warn(message, { window: route, ...fields }),
    });
    windows.push(window);
    return window;
  };
  const staff = open('staff', false, plan.staff.workArea);
  if (!launch.residentWindow) return;
  if (plan.resident) residentWindow = open('resident', launch.kioskMode, plan.resident.bounds);
  else installModeSwitch(staff.webContents);
}
