import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent } from 'electron';
import { IpcChannel, kioskConfigSchema } from '../../shared';
import { createCredentialStore, createDataKeyStore } from '../../electron/main/credential-store';
import { registerHostIpc, type HostHandlers } from '../../electron/main/ipc';
import { denyAllPermissions, hardenWebContents, isTrustedAppUrl } from '../../electron/main/security';
import { createKioskWindow } from '../../electron/main/window';
import { kioskWindowOptions } from './electron-fakes';
import { readLaunchSettings } from '../../electron/main/config';

// These modules receive Electron's objects as arguments; nothing here loads the electron package.

const appRoot = 'app://kiosk/';

describe('isTrustedAppUrl', () => {
  it.each([
    ['app://kiosk/index.html', true],
    ['app://kiosk/index.html#/resident', true],
    ['app://kiosk/assets/index.js', true],
    // Node does not normalise a custom scheme's host; the check refuses rather than guesses.
    ['app://KIOSK/index.html', false],
    // The file:// renderer is gone: nothing on disk is a trusted page any more.
    ['file:///opt/city-hall-to-go/resources/app/out/renderer/index.html', false],
    ['file:///etc/passwd', false],
    ['app://evil/index.html', false],
    ['app://kiosk.evil.example/index.html', false],
    ['app://user:pw@kiosk/index.html', false],
    ['app://kiosk:8080/index.html', false],
    ['apps://kiosk/index.html', false],
    // Malformed % escapes used to throw out of the guard, which let the navigation through.
    ['app://kiosk/%E0%A4%A', false],
    ['app://kiosk/%', false],
    ['app://kiosk/%zz', false],
    ['app://kiosk/a%5Cb', false],
    ['app://kiosk/a%00b', false],
    ['https://evil.example/', false],
    ['http://127.0.0.1:8787/', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['blob:app://kiosk/1234', false],
    ['about:blank', false],
    ['chrome://gpu', false],
    ['devtools://devtools/bundled/inspector.html', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isTrustedAppUrl(url)).toBe(expected);
  });
});

describe('window options', () => {
  it('isolates and sandboxes the page with no Node', () => {
    const options = kioskWindowOptions({ preloadPath: '/p/preload.cjs', kiosk: true, isPackaged: true }) as BrowserWindowConstructorOptions;
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/p/preload.cjs',
    });
    expect(options.kiosk).toBe(true);
  });

  it('lets the help-call chime play without a click first (a restored window has had none)', () => {
    const options = kioskWindowOptions({ preloadPath: '/p/preload.cjs', kiosk: true, isPackaged: true }) as BrowserWindowConstructorOptions;
    expect(options.webPreferences?.autoplayPolicy).toBe('no-user-gesture-required');
  });

  it('creates the window with those options and loads the app', () => {
    const created: unknown[] = [];
    const loadURL = vi.fn(async () => undefined);
    class FakeWindow {
      constructor(options: unknown) {
        created.push(options);
      }
      once = vi.fn();
      show = vi.fn();
      loadURL = loadURL;
    }
    createKioskWindow(FakeWindow as never, { preloadPath: '/p/preload.cjs', kiosk: false, isPackaged: false });
    createKioskWindow(FakeWindow as never, { preloadPath: '/p/preload.cjs', kiosk: true, isPackaged: false }, 'resident');
    expect(created).toHaveLength(2);
    expect(loadURL).toHaveBeenCalledWith('app://kiosk/index.html#/staff');
    expect(loadURL).toHaveBeenCalledWith('app://kiosk/index.html#/resident');
    expect((created[1] as { kiosk: boolean }).kiosk).toBe(true);
  });
});

describe('hardening', () => {
  it('denies new windows and foreign navigation, allows the app itself', () => {
    const listeners = new Map<string, (event: { preventDefault: () => void }, url: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      setWindowOpenHandler: (handler: () => { action: string }) => {
        openHandler = handler;
      },
      on: (name: string, listener: (event: { preventDefault: () => void }, url: string) => void) => {
        listeners.set(name, listener);
        return contents;
      },
    };
    hardenWebContents(contents as never);
    expect(openHandler?.()).toEqual({ action: 'deny' });
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      listeners.get('will-navigate')?.(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate(`${appRoot}index.html`)).toBe(false);
    // Regression: a malformed % escape threw inside the guard, and a listener that throws prevents nothing.
    expect(navigate('app://kiosk/%E0%A4%A')).toBe(true);
    expect(navigate('file:///opt/city-hall-to-go/resources/app/out/renderer/%E0%A4%A')).toBe(true);
    const redirect = { preventDefault: vi.fn() };
    listeners.get('will-redirect')?.(redirect, 'https://evil.example/%');
    expect(redirect.preventDefault).toHaveBeenCalled();
  });

  it('fails closed when its check throws, and on will-frame-navigate too', () => {
    const listeners = new Map<string, (...args: never[]) => void>();
    const contents = { setWindowOpenHandler: vi.fn(), on: (name: string, l: (...args: never[]) => void) => listeners.set(name, l) };
    hardenWebContents(contents as never, () => {
      throw new URIError('URI malformed');
    });
    const event = { preventDefault: vi.fn() };
    (listeners.get('will-navigate') as (e: typeof event, url: string) => void)(event, 'app://kiosk/index.html');
    expect(event.preventDefault).toHaveBeenCalled();
    const frame = { url: 'https://evil.example/', preventDefault: vi.fn() };
    (listeners.get('will-frame-navigate') as (e: typeof frame) => void)(frame);
    expect(frame.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    (listeners.get('will-attach-webview') as (e: typeof webview) => void)(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('refuses every permission request', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (h: never) => {
        request = h;
      },
      setPermissionCheckHandler: (h: never) => {
        check = h;
      },
    } as never);
    const answer = vi.fn();
    request?.({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(check?.()).toBe(false);
  });
});

describe('host IPC', () => {
  const settings = { apiUrl: 'http://127.0.0.1:8787', vanName: 'Van 1', residentDisplay: 'auto' as const, printerName: null, residentIdleMs: 90_000, residentWarningMs: 30_000 };
  function setup(overrides: Partial<HostHandlers> = {}) {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>>();
    const enrol = vi.fn(async () => ({ ok: true as const, device: { deviceId: 'dev-1' } }));
    const saveSettings = vi.fn(async () => undefined);
    const impl: HostHandlers = {
      [IpcChannel.GetConfig]: async () => kioskConfigSchema.parse({ apiUrl: 'http://127.0.0.1:8787', cityName: 'C', vanName: 'V' }),
      [IpcChannel.GetCredentials]: async () => null,
      [IpcChannel.Enrol]: enrol,
      [IpcChannel.PrintHtml]: async () => undefined,
      [IpcChannel.AppVersion]: async () => '1.2.3',
      [IpcChannel.GetSettings]: async () => ({ settings, displays: [], printers: [] }),
      [IpcChannel.SaveSettings]: saveSettings,
      [IpcChannel.GetDataKey]: async () => new Uint8Array(32),
      [IpcChannel.ReportReadiness]: async () => undefined,
      [IpcChannel.CheckForUpdate]: async () => ({ kind: 'unavailable', version: null, message: 'none' }),
      ...overrides,
    };
    registerHostIpc({ handle: (channel: string, h: never) => handlers.set(channel, h) } as never, impl, (url) => isTrustedAppUrl(url));
    const call = (channel: string, payload: unknown, frameUrl = `${appRoot}index.html`) =>
      handlers.get(channel)!({ senderFrame: { url: frameUrl } } as IpcMainInvokeEvent, payload);
    return { handlers, call, enrol, saveSettings };
  }

  it('registers every channel of the contract', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.values(IpcChannel).sort());
  });

  it('answers a trusted frame', async () => {
    const { call } = setup();
    await expect(call(IpcChannel.AppVersion, undefined)).resolves.toBe('1.2.3');
  });

  it('refuses a call from a foreign frame, and from a file:// page', async () => {
    const { call, enrol } = setup();
    await expect(call(IpcChannel.Enrol, { apiUrl: 'https://api.example', code: 'ABCD', deviceId: null }, 'https://evil.example/')).rejects.toMatchObject({ code: 'untrusted_sender' });
    await expect(call(IpcChannel.GetDataKey, undefined, 'file:///opt/app/out/renderer/index.html')).rejects.toMatchObject({ code: 'untrusted_sender' });
    await expect(call(IpcChannel.GetDataKey, undefined, 'data:text/html,x')).rejects.toMatchObject({ code: 'untrusted_sender' });
    expect(enrol).not.toHaveBeenCalled();
  });

  it.each([
    [{ apiUrl: 'https://api.example', code: '', deviceId: null }],
    [{ apiUrl: 'https://api.example', code: 'ABCD', deviceId: 'dev 1' }],
    [{ apiUrl: '', code: 'ABCD', deviceId: null }],
    [{ apiUrl: 'https://api.example', code: 'ABCD' }],
    ['a string'],
  ])('refuses a malformed enrolment %j and changes nothing', async (payload) => {
    const { call, enrol } = setup();
    await expect(call(IpcChannel.Enrol, payload)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(enrol).not.toHaveBeenCalled();
  });

  it('the update check the page asks for takes no arguments and answers in the contract\'s shape', async () => {
    const check = vi.fn(async () => ({ kind: 'ready' as const, version: '1.3.0', message: 'Version 1.3.0 is downloaded.' }));
    const { call } = setup({ [IpcChannel.CheckForUpdate]: check });
    await expect(call(IpcChannel.CheckForUpdate, { version: '9.9.9' })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(check).not.toHaveBeenCalled();
    await expect(call(IpcChannel.CheckForUpdate, undefined)).resolves.toEqual({ kind: 'ready', version: '1.3.0', message: 'Version 1.3.0 is downloaded.' });
  });

  it('refuses an empty print job', async () => {
    const { call } = setup();
    await expect(call(IpcChannel.PrintHtml, { html: '' })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('never hands the page a token, even when a handler returns one by mistake', async () => {
    const { call } = setup({ [IpcChannel.GetCredentials]: async () => ({ deviceId: 'dev-1', token: 'a-very-secret-device-token' }) as never });
    const answer = await call(IpcChannel.GetCredentials, undefined);
    expect(answer).toEqual({ deviceId: 'dev-1' });
    expect(JSON.stringify(answer)).not.toContain('secret');
  });

  it.each([
    [{ ...settings, apiUrl: 'http://api.city.example' }, 'plain http'],
    [{ ...settings, apiUrl: 'ftp://api.city.example' }, 'apiUrl'],
    [{ ...settings, vanName: '  ' }, 'van'],
    [{ ...settings, residentIdleMs: 500 }, '10 seconds'],
    [{ ...settings, residentWarningMs: 10_000_000 }, '10 minutes'],
    [{ ...settings, residentDisplay: 'second' }, ''],
    [{ ...settings, printerName: 'x'.repeat(300) }, ''],
  ])('refuses settings %j and stores nothing', async (payload, message) => {
    const { call, saveSettings } = setup();
    const error = await call(IpcChannel.SaveSettings, payload).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_request' });
    expect(String((error as Error).message).toLowerCase()).toContain(message.toLowerCase());
    expect(saveSettings).not.toHaveBeenCalled();
  });

  it('passes valid settings to main', async () => {
    const { call, saveSettings } = setup();
    await call(IpcChannel.SaveSettings, { ...settings, apiUrl: 'https://api.city.example', printerName: 'Receipt-80mm' });
    expect(saveSettings).toHaveBeenCalledWith({ ...settings, apiUrl: 'https://api.city.example', printerName: 'Receipt-80mm' });
  });

  it('refuses a data key that is not 32 bytes', async () => {
    const { call } = setup({ [IpcChannel.GetDataKey]: async () => new Uint8Array(16) });
    await expect(call(IpcChannel.GetDataKey, undefined)).rejects.toThrow();
  });
});

describe('credential store', () => {
  const policy = { platform: 'linux' as NodeJS.Platform, acceptBasicText: false };
  const fakeSafeStorage = (available = true, backend: 'gnome_libsecret' | 'basic_text' = 'gnome_libsecret', reEncrypt = false) => ({
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (s: string) => Buffer.from(`enc:${Buffer.from(s).toString('base64')}`),
    decryptStringAsync: async (b: Buffer) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('bad ciphertext');
      return { result: Buffer.from(text.slice(4), 'base64').toString(), shouldReEncrypt: reEncrypt };
    },
  });
  const memoryFiles = () => {
    let data: Buffer | null = null;
    const writes: Buffer[] = [];
    return {
      read: async () => data,
      write: async (d: Buffer) => {
        data = d;
        writes.push(d);
      },
      remove: async () => {
        data = null;
      },
      peek: () => data,
      writes,
    };
  };
  const creds = { deviceId: 'dev-1', token: 'a-very-secret-device-token' };

  it('keeps the secret encrypted at rest (async API) and reads it back', async () => {
    const files = memoryFiles();
    const store = createCredentialStore(fakeSafeStorage(), policy, files);
    await store.set(creds);
    expect(files.peek()?.toString()).not.toContain('a-very-secret-device-token');
    await expect(store.get()).resolves.toEqual(creds);
    await store.set(null);
    await expect(store.get()).resolves.toBeNull();
  });

  it('refuses to store a secret in the clear when the keychain is unavailable', async () => {
    const files = memoryFiles();
    await expect(createCredentialStore(fakeSafeStorage(false), policy, files).set(creds)).rejects.toMatchObject({ code: 'encryption_unavailable' });
    expect(files.peek()).toBeNull();
  });

  it('refuses Linux basic_text storage with a message that says what to do', async () => {
    const files = memoryFiles();
    const error = await createCredentialStore(fakeSafeStorage(true, 'basic_text'), policy, files).set(creds).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'weak_backend' });
    expect((error as Error).message).toContain('basic_text');
    expect((error as Error).message).toContain('CHTG_ACCEPT_BASIC_TEXT_STORAGE=1');
    expect(files.peek()).toBeNull();
    // …and reading an existing file is refused the same way.
    await files.write(Buffer.from('enc:e30='));
    await expect(createCredentialStore(fakeSafeStorage(true, 'basic_text'), policy, files).get()).rejects.toMatchObject({ code: 'weak_backend' });
  });

  it('accepts basic_text only with the explicit setting, and on Linux only', async () => {
    const files = memoryFiles();
    await createCredentialStore(fakeSafeStorage(true, 'basic_text'), { platform: 'linux', acceptBasicText: true }, files).set(creds);
    await expect(createCredentialStore(fakeSafeStorage(true, 'basic_text'), { platform: 'linux', acceptBasicText: true }, files).get()).resolves.toEqual(creds);
    await expect(createCredentialStore(fakeSafeStorage(true, 'basic_text'), { platform: 'win32', acceptBasicText: false }, files).get()).resolves.toEqual(creds);
  });

  it('re-encrypts when the keychain says its key rotated', async () => {
    const files = memoryFiles();
    const store = createCredentialStore(fakeSafeStorage(true, 'gnome_libsecret', true), policy, files);
    await store.set(creds);
    await expect(store.get()).resolves.toEqual(creds);
    expect(files.writes).toHaveLength(2);
  });

  it('reports a corrupt file instead of crashing', async () => {
    const files = memoryFiles();
    await files.write(Buffer.from('garbage'));
    await expect(createCredentialStore(fakeSafeStorage(), policy, files).get()).rejects.toMatchObject({ code: 'corrupt' });
  });

  it('makes the data key once, keeps it only encrypted, and hands back the same bytes', async () => {
    const files = memoryFiles();
    const random = vi.fn((n: number) => new Uint8Array(n).fill(7));
    const first = await createDataKeyStore(fakeSafeStorage(), policy, files, random).get();
    const again = await createDataKeyStore(fakeSafeStorage(), policy, files, random).get();
    expect(first).toEqual(new Uint8Array(32).fill(7));
    expect(again).toEqual(first);
    expect(random).toHaveBeenCalledTimes(1);
    expect(files.peek()?.toString()).not.toContain(Buffer.from(first).toString('base64'));
  });

  it('makes no data key on a refused keychain', async () => {
    const files = memoryFiles();
    await expect(createDataKeyStore(fakeSafeStorage(true, 'basic_text'), policy, files, (n) => new Uint8Array(n)).get()).rejects.toMatchObject({ code: 'weak_backend' });
    expect(files.peek()).toBeNull();
  });
});

describe('launch settings', () => {
  it('reads the config npm start passes', () => {
    const settings = readLaunchSettings({
      CHTG_KIOSK_CONFIG: JSON.stringify({ apiUrl: 'http://127.0.0.1:8787', cityName: 'Boston', vanName: 'Van 1' }),
    });
    expect(settings.config.apiUrl).toBe('http://127.0.0.1:8787');
    expect(settings.provisionedCredentials).toBeNull();
  });

  it.each([
    [{}],
    [{ CHTG_KIOSK_CONFIG: '{' }],
    [{ CHTG_KIOSK_CONFIG: JSON.stringify({ apiUrl: 'ftp://x', cityName: 'B', vanName: 'V' }) }],
  ])('refuses %j', (env) => {
    expect(() => readLaunchSettings(env)).toThrow();
  });

  it('accepts the basic_text keychain risk only when told to', () => {
    const config = JSON.stringify({ apiUrl: 'https://api.city.example', cityName: 'Boston', vanName: 'Van 1' });
    expect(readLaunchSettings({ CHTG_KIOSK_CONFIG: config }).acceptBasicTextStorage).toBe(false);
    expect(readLaunchSettings({ CHTG_KIOSK_CONFIG: config, CHTG_ACCEPT_BASIC_TEXT_STORAGE: 'yes' }).acceptBasicTextStorage).toBe(false);
    expect(readLaunchSettings({ CHTG_KIOSK_CONFIG: config, CHTG_ACCEPT_BASIC_TEXT_STORAGE: '1' }).acceptBasicTextStorage).toBe(true);
  });
});

describe('API address: plain http only on this machine', () => {
  it.each([
    ['https://api.city.example', true],
    ['https://api.city.example:8443/base', true],
    ['http://127.0.0.1:8787', true],
    ['http://127.5.6.7:8787', true],
    ['http://localhost:8787', true],
    ['http://LOCALHOST:8787', true],
    ['http://[::1]:8787', true],
    ['http://api.city.example', false],
    ['http://10.0.0.5:8787', false],
    ['http://192.168.1.10', false],
    ['http://localhost.evil.example', false],
    ['http://127.0.0.1.evil.example', false],
    ['http://user@api.city.example', false],
    ['http://[::2]:8787', false],
    ['ftp://127.0.0.1', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => {
    expect(kioskConfigSchema.safeParse({ apiUrl: url, cityName: 'C', vanName: 'V' }).success).toBe(ok);
  });
});
