import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { APP_ORIGIN, appSchemes, contentSecurityPolicy, createAppProtocolHandler, resolveAppPath, resolveDecodedPath } from '../../electron/main/app-protocol';
import { prepareApp } from '../../electron/main/bootstrap';
import { createDeviceSession, installDeviceAuth, type MainFetch } from '../../electron/main/device';
import { claimSingleInstance, keepDisplayAwake } from '../../electron/main/lifecycle';
import { createFileSink, createLogger } from '../../electron/main/logger';
import * as nodeFs from 'node:fs';
import { createSilentPrinter, silentPrintOptions } from '../../electron/main/printing';
import { blockKioskShortcuts, isBlockedShortcut } from '../../electron/main/security';
import { createSettingsStore } from '../../electron/main/settings-store';
import { applyResidentSettings, ERROR_PAGE_HTML, installModeSwitch, planWindows, superviseRenderer } from '../../electron/main/window';
import { kioskWindowOptions } from './electron-fakes';
import { kioskConfigSchema, type DeviceCredentials } from '../../shared';
import { disablePagePrint } from '../../electron/preload/print-guard';

// Main-process modules with fakes in place of Electron's objects; nothing here loads the electron package.

describe('app:// protocol', () => {
  let root: string;
  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'chtg-app-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
    writeFileSync(join(base, 'secret.txt'), 'outside the renderer');
    writeFileSync(join(base, 'renderer-evil.txt'), 'a sibling folder that shares the prefix');
  });
  afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  it('registers app as a standard, secure scheme', () => {
    expect(appSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(APP_ORIGIN).toBe('app://kiosk');
  });

  it.each([
    ['app://kiosk/index.html', 'index.html'],
    ['app://kiosk/', 'index.html'],
    ['app://kiosk/assets/index.js', 'assets/index.js'],
    ['app://kiosk/index.html?x=1#/staff', 'index.html'],
  ])('serves %s from the renderer folder', (url, file) => {
    expect(resolveAppPath(url, root)).toBe(join(root, file));
  });

  it.each([
    'app://kiosk/../secret.txt',
    'app://kiosk/%2e%2e/secret.txt',
    'app://kiosk/%2E%2E/%2E%2E/etc/passwd',
    'app://kiosk/assets/%2e%2e/%2e%2e/secret.txt',
    'app://kiosk/..%2fsecret.txt',
    'app://kiosk/..%2Fsecret.txt',
    'app://kiosk/..%5csecret.txt',
    'app://kiosk/assets%5c..%5c..%5csecret.txt',
    'app://kiosk/%2e%2e%5csecret.txt',
    'app://kiosk/./index.html/%2e',
    'app://kiosk/%252e%252e/secret.txt',
    'app://kiosk/index.html%00.js',
    'app://kiosk/C:/Windows/win.ini',
    'app://kiosk/c%3a%5cwindows%5cwin.ini',
    'app://kiosk//etc/passwd',
    'app://kiosk/%E0%A4%A',
    'app://kiosk/%',
    'app://other/index.html',
    'app://user:pw@kiosk/index.html',
    'app://kiosk:99/index.html',
    'file:///etc/passwd',
    'https://kiosk/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    const resolved = resolveAppPath(url, root);
    // Refused, or (where the URL parser already folded the dots away) a name inside the folder, never outside it.
    if (resolved !== null) expect(resolved.startsWith(join(root, '/'))).toBe(true);
    expect(resolved).not.toBe(join(root, '..', 'secret.txt'));
    expect(resolved).not.toBe('/etc/passwd');
  });

  it('a sibling folder sharing the prefix stays out of reach', () => {
    const resolved = resolveAppPath('app://kiosk/../renderer-evil.txt', root);
    expect(resolved === null || resolved.startsWith(join(root, '/'))).toBe(true);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/./index.html', '/a\\..\\..\\secret.txt', '/x\0.js', '/C:/Windows/win.ini', '/..'])(
    'refuses the decoded path %j even where a URL parser did not fold it',
    (path) => {
      expect(resolveDecodedPath(path, root)).toBeNull();
    },
  );

  const handler = () => createAppProtocolHandler({ rootDir: root, readFile: (p) => readFile(p), apiOrigin: () => 'https://api.city.example' });

  it('answers with the file, its type and the CSP naming only the API origin', async () => {
    const response = await handler()(new Request('app://kiosk/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>kiosk</title>');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("connect-src 'self' https://api.city.example;");
    expect(csp).not.toMatch(/connect-src[^;]*(\*|http:|https:(?!\/\/api))/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(['app://kiosk/../secret.txt', 'app://kiosk/%2e%2e/secret.txt', 'app://kiosk/missing.js', 'app://kiosk/%E0%A4%A'])('answers 404 for %s and reads nothing outside', async (url) => {
    const reads: string[] = [];
    const response = await createAppProtocolHandler({ rootDir: root, readFile: async (p) => (reads.push(p), readFile(p)), apiOrigin: () => null })(new Request(url));
    expect(response.status).toBe(404);
    expect(reads.every((p) => p.startsWith(root + '/'))).toBe(true);
  });

  it('refuses writes', async () => {
    const response = await handler()(new Request('app://kiosk/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });

  it('CSP without a configured API allows only the app itself', () => {
    expect(contentSecurityPolicy(null)).toContain("connect-src 'self';");
  });
});

describe('electron-builder fuses', () => {
  const config = parseYaml(readFileSync(join(__dirname, '../../electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, boolean>; asar?: boolean };
  it('turns off runAsNode, NODE_OPTIONS, --inspect and file:// privileges; turns on cookie encryption and asar integrity', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });
});

describe('app preparation and windows', () => {
  it('registers the scheme, sandboxes every renderer and removes the application menu', () => {
    const calls: string[] = [];
    prepareApp(
      { enableSandbox: () => calls.push('sandbox') },
      { setApplicationMenu: (menu: unknown) => calls.push(`menu:${String(menu)}`) },
      { registerSchemesAsPrivileged: (schemes: unknown[]) => calls.push(`schemes:${schemes.length}`) },
    );
    expect(calls).toEqual(['schemes:1', 'sandbox', 'menu:null']);
  });

  it('has developer tools only in an unpackaged build', () => {
    expect(kioskWindowOptions({ preloadPath: '/p', kiosk: true, isPackaged: true }).webPreferences?.devTools).toBe(false);
    expect(kioskWindowOptions({ preloadPath: '/p', kiosk: false, isPackaged: false }).webPreferences?.devTools).toBe(true);
    expect(kioskWindowOptions({ preloadPath: '/p', kiosk: true, isPackaged: true }).webPreferences).toMatchObject({ webviewTag: false, nodeIntegrationInSubFrames: false });
  });

  const key = (key: string, mods: Partial<{ control: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) => ({
    type: 'keyDown' as const,
    key,
    control: false,
    meta: false,
    shift: false,
    alt: false,
    ...mods,
  });
  it.each([
    [key('r', { control: true }), true],
    [key('R', { control: true, shift: true }), true],
    [key('r', { meta: true }), true],
    [key('F5'), true],
    [key('F5', { control: true }), true],
    [key('BrowserRefresh'), true],
    [key('I', { control: true, shift: true }), true],
    [key('J', { control: true, shift: true }), true],
    [key('C', { control: true, shift: true }), true],
    [key('i', { meta: true, alt: true }), true],
    [key('F12'), true],
    [key('p', { control: true }), true],
    [key('p', { meta: true }), true],
    [key('u', { control: true }), true],
    [key('w', { control: true }), true],
    [key('F4', { alt: true }), true],
    [key('r'), false],
    [key('5'), false],
    [key('c', { control: true }), false],
    [key('v', { control: true }), false],
    [key('Enter'), false],
    [{ ...key('r', { control: true }), type: 'keyUp' as const }, false],
  ])('shortcut %j blocked: %s', (input, blocked) => {
    expect(isBlockedShortcut(input as never)).toBe(blocked);
  });

  it('the window swallows a blocked key before the page or Chromium sees it', () => {
    let listener: ((event: { preventDefault: () => void }, input: unknown) => void) | undefined;
    blockKioskShortcuts({ on: (_name: string, l: never) => (listener = l) } as never);
    const reload = { preventDefault: vi.fn() };
    listener?.(reload, key('F5'));
    const typing = { preventDefault: vi.fn() };
    listener?.(typing, key('a'));
    expect(reload.preventDefault).toHaveBeenCalled();
    expect(typing.preventDefault).not.toHaveBeenCalled();
  });

  const display = (id: number, x = 0) => ({ id, bounds: { x, y: 0, width: 1920, height: 1080 }, workArea: { x, y: 0, width: 1920, height: 1040 } }) as never;
  it('puts the resident window on the second display, or the chosen one, and makes one window on one display', () => {
    const primary = display(1);
    expect(planWindows([primary], primary, 'auto')).toEqual({ staff: primary, resident: null });
    const second = display(2, 1920);
    const third = display(3, 3840);
    expect(planWindows([primary, second], primary, 'auto').resident).toBe(second);
    expect(planWindows([second, primary], primary, 'auto').resident).toBe(second);
    expect(planWindows([primary, second, third], primary, 3).resident).toBe(third);
    // A chosen display that is gone, or is the staff one, falls back to the second display.
    expect(planWindows([primary, second], primary, 99).resident).toBe(second);
    expect(planWindows([primary, second], primary, 1).resident).toBe(second);
  });

  it('a saved setting moves the resident window to the chosen display and reloads it', () => {
    const primary = display(1);
    const second = display(2, 1920);
    const third = display(3, 3840);
    const resident = { isDestroyed: () => false, setBounds: vi.fn(), webContents: { reload: vi.fn() } };
    applyResidentSettings(resident as never, [primary, second, third], primary, { residentDisplay: 3 }, { residentDisplay: 'auto' });
    expect(resident.setBounds).toHaveBeenCalledWith({ x: 3840, y: 0, width: 1920, height: 1080 });
    expect(resident.webContents.reload).toHaveBeenCalledTimes(1);
    applyResidentSettings(resident as never, [primary, second, third], primary, { residentDisplay: 3 }, { residentDisplay: 3 });
    expect(resident.setBounds).toHaveBeenCalledTimes(1);
    expect(resident.webContents.reload).toHaveBeenCalledTimes(2);
  });

  it('the single window switches between staff and resident with the staff chord', () => {
    let listener: ((event: { preventDefault: () => void }, input: unknown) => void) | undefined;
    let url = 'app://kiosk/index.html#/staff';
    const contents = { on: (_n: string, l: never) => (listener = l), getURL: () => url, loadURL: vi.fn(async (next: string) => void (url = next)) };
    installModeSwitch(contents as never);
    const chord = { preventDefault: vi.fn() };
    listener?.(chord, { ...key('M', { control: true, alt: true, shift: true }) });
    expect(chord.preventDefault).toHaveBeenCalled();
    expect(url).toBe('app://kiosk/index.html#/resident');
    listener?.({ preventDefault: vi.fn() }, { ...key('m', { control: true, alt: true, shift: true }) });
    expect(url).toBe('app://kiosk/index.html#/staff');
    listener?.({ preventDefault: vi.fn() }, key('m', { control: true }));
    expect(contents.loadURL).toHaveBeenCalledTimes(2);
  });
});

describe('renderer recovery', () => {
  function fakeWindow() {
    const windowListeners = new Map<string, () => void>();
    const contentsListeners = new Map<string, (event: unknown, details: { reason: string }) => void>();
    const webContents = {
      on: (name: string, l: never) => contentsListeners.set(name, l),
      reload: vi.fn(),
      loadURL: vi.fn(async () => undefined),
      forcefullyCrashRenderer: vi.fn(() => contentsListeners.get('render-process-gone')?.({}, { reason: 'killed' })),
    };
    const window = { on: (name: string, l: never) => windowListeners.set(name, l), isDestroyed: () => false, webContents };
    return { window, crash: (reason = 'crashed') => contentsListeners.get('render-process-gone')?.({}, { reason }), emit: (name: string) => windowListeners.get(name)?.() };
  }
  function setup() {
    vi.useFakeTimers();
    const fake = fakeWindow();
    let clock = 0;
    const log = vi.fn();
    const supervised = superviseRenderer(fake.window as never, {
      maxReloads: 3,
      windowMs: 60_000,
      hangMs: 10_000,
      now: () => clock,
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (h) => clearTimeout(h as never),
      log,
    });
    return { ...fake, supervised, log, advance: (ms: number) => (clock += ms) };
  }

  it('reloads a crashed renderer up to the cap, then shows the error screen instead of looping', () => {
    const { window, crash, supervised, log } = setup();
    crash();
    crash('oom');
    crash();
    expect(window.webContents.reload).toHaveBeenCalledTimes(3);
    crash();
    expect(window.webContents.reload).toHaveBeenCalledTimes(3);
    expect(window.webContents.loadURL).toHaveBeenCalledWith(`data:text/html;charset=utf-8,${encodeURIComponent(ERROR_PAGE_HTML)}`);
    expect(supervised.gaveUp()).toBe(true);
    crash();
    expect(window.webContents.loadURL).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith('renderer gave up, showing the error screen', expect.objectContaining({ reloads: 3 }));
    vi.useRealTimers();
  });

  it('forgets crashes older than its window', () => {
    const { window, crash, advance } = setup();
    crash();
    crash();
    crash();
    advance(61_000);
    crash();
    expect(window.webContents.reload).toHaveBeenCalledTimes(4);
    vi.useRealTimers();
  });

  it('ignores a clean exit', () => {
    const { window, crash } = setup();
    crash('clean-exit');
    expect(window.webContents.reload).not.toHaveBeenCalled();
    vi.useRealTimers();
  });

  it('reloads a renderer hung past hangMs, once, and leaves one that recovers', () => {
    const { window, emit } = setup();
    emit('unresponsive');
    vi.advanceTimersByTime(5_000);
    emit('responsive');
    vi.advanceTimersByTime(10_000);
    expect(window.webContents.reload).not.toHaveBeenCalled();
    emit('unresponsive');
    emit('unresponsive');
    vi.advanceTimersByTime(10_000);
    expect(window.webContents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    expect(window.webContents.reload).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});

describe('single instance, display awake, log file', () => {
  it('a second launch quits and the first one is brought forward', () => {
    const listeners = new Map<string, () => void>();
    const focus = vi.fn();
    const first = { requestSingleInstanceLock: () => true, quit: vi.fn(), on: (n: string, l: never) => listeners.set(n, l) };
    expect(claimSingleInstance(first as never, focus)).toBe(true);
    listeners.get('second-instance')?.();
    expect(focus).toHaveBeenCalled();
    const second = { requestSingleInstanceLock: () => false, quit: vi.fn(), on: vi.fn() };
    expect(claimSingleInstance(second as never, focus)).toBe(false);
    expect(second.quit).toHaveBeenCalled();
  });

  it('keeps the display awake and releases it on quit', () => {
    const started = new Set<number>();
    const blocker = { start: vi.fn((type: string) => (type === 'prevent-display-sleep' ? (started.add(7), 7) : -1)), isStarted: (id: number) => started.has(id), stop: vi.fn((id: number) => started.delete(id)) };
    const awake = keepDisplayAwake(blocker as never);
    expect(blocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    awake.release();
    awake.release();
    expect(blocker.stop).toHaveBeenCalledTimes(1);
  });

  it('keeps the log file under the data folder, readable by the kiosk’s user only', () => {
    const base = mkdtempSync(join(tmpdir(), 'chtg-log-'));
    try {
      const sink = createFileSink(join(base, 'logs'), nodeFs, join);
      const log = createLogger(sink, () => new Date('2026-03-01T12:00:00Z'));
      log.info('kiosk starting', { version: '0.1.0' });
      log.error('device credentials unavailable', { reason: 'weak_backend' });
      expect(sink.file).toBe(join(base, 'logs', 'kiosk.log'));
      expect(readFileSync(sink.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).message)).toEqual(['kiosk starting', 'device credentials unavailable']);
      expect(nodeFs.statSync(sink.file).mode & 0o777).toBe(0o600);
      expect(nodeFs.statSync(join(base, 'logs')).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('writes one JSON line per event', () => {
    const lines: string[] = [];
    const log = createLogger({ append: (l) => lines.push(l) }, () => new Date('2026-03-01T12:00:00Z'));
    log.warn('renderer reloaded', { attempt: 1 });
    expect(lines).toEqual(['{"time":"2026-03-01T12:00:00.000Z","level":"warn","message":"renderer reloaded","attempt":1}\n']);
  });
});

describe('silent printing', () => {
  function fakePrintWindow(result: [boolean, string]) {
    const print = vi.fn((_options: unknown, done: (ok: boolean, reason: string) => void) => done(...result));
    return { loadURL: vi.fn(async () => undefined), webContents: { print }, destroy: vi.fn() };
  }

  it('prints without a dialog to the configured printer, in a window with no script', async () => {
    const window = fakePrintWindow([true, '']);
    const created: unknown[] = [];
    const Ctor = function (this: unknown, options: unknown) {
      created.push(options);
      return window;
    };
    await createSilentPrinter(Ctor as never, () => 'Receipt-80mm')('<p>Receipt R-1</p>');
    expect(window.loadURL).toHaveBeenCalledWith(`data:text/html;charset=utf-8,${encodeURIComponent('<p>Receipt R-1</p>')}`);
    expect(created[0]).toEqual(expect.objectContaining({ show: false, webPreferences: expect.objectContaining({ javascript: false, sandbox: true }) }));
    expect(window.webContents.print).toHaveBeenCalledWith({ silent: true, printBackground: true, deviceName: 'Receipt-80mm' }, expect.any(Function));
    expect(window.destroy).toHaveBeenCalled();
  });

  it('the page cannot open a print dialog: window.print() is replaced before page scripts run, for good', () => {
    const opened = vi.fn();
    const page: { print?: unknown } = { print: opened };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    disablePagePrint(page);
    (page.print as () => void)();
    expect(opened).not.toHaveBeenCalled();
    expect(() => {
      'use strict';
      page.print = opened;
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(page, 'print', { value: opened })).toThrow(TypeError);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    // Serialised by Electron: it must not depend on anything outside itself.
    expect(disablePagePrint.toString()).not.toMatch(/\b(require|import|kioskHost)\b/);
  });

  it('uses the default printer when none is set, still silently', () => {
    expect(silentPrintOptions(null)).toEqual({ silent: true, printBackground: true });
  });

  it('reports a failed job and closes its window', async () => {
    const window = fakePrintWindow([false, 'Printer is offline']);
    const Ctor = function () {
      return window;
    };
    await expect(createSilentPrinter(Ctor as never, () => 'Gone')('<p>x</p>')).rejects.toMatchObject({ code: 'print_failed', message: expect.stringContaining('Printer is offline') });
    expect(window.destroy).toHaveBeenCalled();
  });
});

describe('settings kept by main', () => {
  const launch = kioskConfigSchema.parse({ apiUrl: 'http://127.0.0.1:8787', cityName: 'Boston', vanName: 'Van 1' });
  const files = () => {
    let text: string | null = null;
    return { read: async () => text, write: async (t: string) => void (text = t), peek: () => text };
  };

  it('starts from the launch configuration, stores valid changes and reports them', async () => {
    const f = files();
    const changed = vi.fn();
    const store = createSettingsStore(f, launch, changed);
    expect(await store.load()).toMatchObject({ apiUrl: 'http://127.0.0.1:8787', vanName: 'Van 1', residentDisplay: 'auto', printerName: null });
    await store.save({ ...store.get(), vanName: 'Van 7', printerName: 'Receipt-80mm' });
    expect(JSON.parse(f.peek()!)).toMatchObject({ vanName: 'Van 7', printerName: 'Receipt-80mm' });
    expect(changed).toHaveBeenCalledWith(expect.objectContaining({ vanName: 'Van 7' }), expect.objectContaining({ vanName: 'Van 1' }));
    expect(await createSettingsStore(f, launch).load()).toMatchObject({ vanName: 'Van 7' });
  });

  it.each([
    [{ apiUrl: 'http://api.city.example' }],
    [{ vanName: '' }],
    [{ residentIdleMs: 1 }],
    [{ residentDisplay: -1 }],
    [{ printerName: '' }],
  ])('refuses %j with a specific error and keeps what it had', async (patch) => {
    const f = files();
    const store = createSettingsStore(f, launch);
    await store.load();
    await expect(store.save({ ...store.get(), ...patch })).rejects.toMatchObject({ code: 'invalid_settings' });
    expect(f.peek()).toBeNull();
    expect(store.get().vanName).toBe('Van 1');
  });

  it('ignores a settings file that no longer validates', async () => {
    const f = files();
    await f.write('{"apiUrl":"http://evil.example","vanName":"x"}');
    expect((await createSettingsStore(f, launch).load()).apiUrl).toBe('http://127.0.0.1:8787');
    await f.write('{');
    expect((await createSettingsStore(f, launch).load()).vanName).toBe('Van 1');
  });
});

describe('the device token stays in main', () => {
  const stored: DeviceCredentials = { deviceId: 'dev-1', token: 'a-very-secret-device-token', apiUrl: 'https://api.city.example' };
  const memoryStore = (initial: DeviceCredentials | null) => {
    let value = initial;
    return { get: async () => value, set: vi.fn(async (next: DeviceCredentials | null) => void (value = next)), peek: () => value };
  };

  function authListener(device: { apiOrigin: () => string | null; token: () => string | null }) {
    let listener: ((details: { url: string; method: string; requestHeaders: Record<string, string> }, cb: (r: { requestHeaders: Record<string, string> }) => void) => void) | undefined;
    let filter: unknown;
    installDeviceAuth({ onBeforeSendHeaders: (f: unknown, l: never) => ((filter = f), (listener = l)) } as never, device);
    const send = (url: string, headers: Record<string, string> = {}, method = 'GET') => {
      let out: Record<string, string> = {};
      listener!({ url, method, requestHeaders: headers }, (r) => (out = r.requestHeaders));
      return out;
    };
    return { send, filter };
  }

  it('adds the token to requests for the API origin, and to no other', async () => {
    const device = createDeviceSession({ store: memoryStore(stored) as never, configuredApiUrl: () => 'http://127.0.0.1:8787', fetch: vi.fn() });
    const { send } = authListener(device);
    // Not loaded yet: no token anywhere.
    expect(send('https://api.city.example/v1/sync/push')).toEqual({});
    await device.load();
    expect(send('https://api.city.example/v1/sync/push', { 'Content-Type': 'application/json' })).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer a-very-secret-device-token' });
    expect(send('https://api.city.example:443/v1/catalogue').Authorization).toBe('Bearer a-very-secret-device-token');
    for (const url of ['https://evil.example/', 'http://api.city.example/v1/sync/push', 'https://api.city.example:8443/', 'https://api.city.example.evil.example/', 'http://127.0.0.1:8787/v1/sync/push', 'https://evil.example/?u=https://api.city.example/']) {
      expect(send(url).Authorization, url).toBeUndefined();
    }
    // A page-set Authorization for the API is replaced; a CORS preflight carries none.
    expect(send('https://api.city.example/v1/sync/push', { authorization: 'Bearer forged' })).toEqual({ Authorization: 'Bearer a-very-secret-device-token' });
    expect(send('https://api.city.example/v1/sync/push', { Authorization: 'Bearer forged' }, 'OPTIONS')).toEqual({});
  });

  it('tells the page its identity without the token', async () => {
    const device = createDeviceSession({ store: memoryStore(stored) as never, configuredApiUrl: () => 'http://127.0.0.1:8787', fetch: vi.fn() });
    await device.load();
    expect(device.identity()).toEqual({ deviceId: 'dev-1', apiUrl: 'https://api.city.example' });
    expect(device.apiOrigin()).toBe('https://api.city.example');
  });

  it('enrols in main: the token is stored, the page gets only the identity, and the new origin gets the header', async () => {
    const store = memoryStore(null);
    const fetch = vi.fn<MainFetch>(async () => ({ ok: true, status: 200, json: async () => ({ deviceId: 'dev-9', token: 'new-secret-token-0123456789', vanName: 'Van 9' }) }));
    const device = createDeviceSession({ store: store as never, configuredApiUrl: () => 'https://api.city.example', fetch });
    await device.load();
    const result = await device.enrol({ apiUrl: 'https://other.city.example/some/path', code: 'ABCD-EFGH', deviceId: null });
    expect(result).toEqual({ ok: true, device: { deviceId: 'dev-9', apiUrl: 'https://other.city.example' } });
    expect(JSON.stringify(result)).not.toContain('new-secret');
    expect(fetch).toHaveBeenCalledWith('https://other.city.example/v1/devices/enrol', expect.objectContaining({ method: 'POST', body: '{"code":"ABCD-EFGH"}' }));
    expect(store.peek()).toEqual({ deviceId: 'dev-9', token: 'new-secret-token-0123456789', apiUrl: 'https://other.city.example' });
    const { send } = authListener(device);
    expect(send('https://other.city.example/v1/sync/push').Authorization).toBe('Bearer new-secret-token-0123456789');
    expect(send('https://api.city.example/v1/sync/push').Authorization).toBeUndefined();
  });

  it.each([
    ['http://api.city.example', 'bad_url'],
    ['ftp://api.city.example', 'bad_url'],
    ['nonsense', 'bad_url'],
  ])('refuses to enrol with %s and sends nothing', async (apiUrl, code) => {
    const fetch = vi.fn<MainFetch>();
    const device = createDeviceSession({ store: memoryStore(null) as never, configuredApiUrl: () => 'https://api.city.example', fetch });
    await expect(device.enrol({ apiUrl, code: 'ABCD', deviceId: null })).resolves.toMatchObject({ ok: false, code });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('passes the API refusal through and keeps the old enrolment', async () => {
    const store = memoryStore(stored);
    const device = createDeviceSession({
      store: store as never,
      configuredApiUrl: () => 'https://api.city.example',
      fetch: async () => ({ ok: false, status: 400, json: async () => ({ error: { code: 'bad_code', message: 'That enrolment code is not valid.' } }) }),
    });
    await device.load();
    await expect(device.enrol({ apiUrl: 'https://api.city.example', code: 'NOPE', deviceId: 'dev-1' })).resolves.toEqual({ ok: false, code: 'bad_code', message: 'That enrolment code is not valid.' });
    expect(store.set).not.toHaveBeenCalled();
    expect(device.token()).toBe('a-very-secret-device-token');
  });

  it('follows the office to its new address: same device and token, the header goes to the new origin only', async () => {
    const store = memoryStore(stored);
    const device = createDeviceSession({ store: store as never, configuredApiUrl: () => 'https://api.city.example', fetch: vi.fn() });
    await device.load();
    const { send } = authListener(device);
    await device.moveApi('https://new-api.city.example/');
    expect(store.peek()).toEqual({ ...stored, apiUrl: 'https://new-api.city.example' });
    expect(send('https://new-api.city.example/v1/sync/push').Authorization).toBe('Bearer a-very-secret-device-token');
    expect(send('https://api.city.example/v1/sync/push').Authorization).toBeUndefined();
    await expect(device.moveApi('http://api.city.example')).rejects.toThrow();
    expect(store.peek()?.apiUrl).toBe('https://new-api.city.example');
  });

  it('reports an unreachable API', async () => {
    const device = createDeviceSession({ store: memoryStore(null) as never, configuredApiUrl: () => 'https://api.city.example', fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    await expect(device.enrol({ apiUrl: 'https://api.city.example', code: 'ABCD', deviceId: null })).resolves.toMatchObject({ ok: false, code: 'unreachable' });
  });
});
