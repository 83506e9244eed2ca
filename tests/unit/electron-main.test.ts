import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { IpcChannel, kioskConfigSchema } from '../../shared';
import { createCredentialStore } from '../../electron/main/credential-store';
import { registerHostIpc, type HostHandlers } from '../../electron/main/ipc';
import { denyAllPermissions, hardenWebContents, isTrustedAppUrl } from '../../electron/main/security';
import { createKioskWindow, kioskWindowOptions } from '../../electron/main/window';
import { readLaunchSettings } from '../../electron/main/config';

// These modules receive Electron's objects as arguments; nothing here loads the electron package.

const appRoot = 'file:///opt/city-hall-to-go/resources/app/out/renderer/';

describe('isTrustedAppUrl', () => {
  it.each([
    ['file:///opt/city-hall-to-go/resources/app/out/renderer/index.html', true],
    ['file:///opt/city-hall-to-go/resources/app/out/renderer/assets/index.js', true],
    ['file:///etc/passwd', false],
    ['file:///opt/city-hall-to-go/resources/app/out/renderer/../../../../../etc/passwd', false],
    ['file:///opt/city-hall-to-go/resources/app/out/renderer/%2e%2e/%2e%2e/secret', false],
    ['file://evil.example/opt/city-hall-to-go/resources/app/out/renderer/index.html', false],
    ['https://evil.example/', false],
    ['http://127.0.0.1:8787/', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isTrustedAppUrl(url, appRoot)).toBe(expected);
  });
});

describe('window options', () => {
  it('isolates and sandboxes the page with no Node', () => {
    const options = kioskWindowOptions({ preloadPath: '/p/preload.cjs', kiosk: true });
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/p/preload.cjs',
    });
    expect(options.kiosk).toBe(true);
  });

  it('creates the window with those options and loads the app', () => {
    const created: unknown[] = [];
    const loadFile = vi.fn(async () => undefined);
    class FakeWindow {
      constructor(options: unknown) {
        created.push(options);
      }
      once = vi.fn();
      show = vi.fn();
      loadFile = loadFile;
    }
    createKioskWindow(FakeWindow as never, { preloadPath: '/p/preload.cjs', kiosk: false }, '/app/index.html');
    createKioskWindow(FakeWindow as never, { preloadPath: '/p/preload.cjs', kiosk: true }, '/app/index.html', 'resident');
    expect(created).toHaveLength(2);
    expect(loadFile).toHaveBeenCalledWith('/app/index.html', { hash: '/staff' });
    expect(loadFile).toHaveBeenCalledWith('/app/index.html', { hash: '/resident' });
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
    hardenWebContents(contents as never, appRoot);
    expect(openHandler?.()).toEqual({ action: 'deny' });
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      listeners.get('will-navigate')?.(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate(`${appRoot}index.html`)).toBe(false);
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
  function setup() {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>>();
    const setCredentials = vi.fn(async () => undefined);
    const impl: HostHandlers = {
      [IpcChannel.GetConfig]: async () => kioskConfigSchema.parse({ apiUrl: 'http://127.0.0.1:8787', cityName: 'C', vanName: 'V' }),
      [IpcChannel.GetCredentials]: async () => null,
      [IpcChannel.SetCredentials]: setCredentials,
      [IpcChannel.PrintHtml]: async () => undefined,
      [IpcChannel.AppVersion]: async () => '1.2.3',
    };
    registerHostIpc({ handle: (channel: string, h: never) => handlers.set(channel, h) } as never, impl, (url) => isTrustedAppUrl(url, appRoot));
    const call = (channel: string, payload: unknown, frameUrl = `${appRoot}index.html`) =>
      handlers.get(channel)!({ senderFrame: { url: frameUrl } } as IpcMainInvokeEvent, payload);
    return { handlers, call, setCredentials };
  }

  it('registers every channel of the contract', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.values(IpcChannel).sort());
  });

  it('answers a trusted frame', async () => {
    const { call } = setup();
    await expect(call(IpcChannel.AppVersion, undefined)).resolves.toBe('1.2.3');
  });

  it('refuses a call from a foreign frame', async () => {
    const { call, setCredentials } = setup();
    await expect(call(IpcChannel.SetCredentials, null, 'https://evil.example/')).rejects.toMatchObject({ code: 'untrusted_sender' });
    expect(setCredentials).not.toHaveBeenCalled();
  });

  it.each([
    [{ deviceId: 'dev 1', token: 'x'.repeat(20) }],
    [{ deviceId: 'dev-1', token: 'short' }],
    ['a string'],
    [{ deviceId: 'dev-1' }],
  ])('refuses a malformed payload %j and changes nothing', async (payload) => {
    const { call, setCredentials } = setup();
    await expect(call(IpcChannel.SetCredentials, payload)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(setCredentials).not.toHaveBeenCalled();
  });

  it('refuses an empty print job', async () => {
    const { call } = setup();
    await expect(call(IpcChannel.PrintHtml, { html: '' })).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('credential store', () => {
  const fakeSafeStorage = (available = true) => ({
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s).toString('base64')}`),
    decryptString: (b: Buffer) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('bad ciphertext');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  });
  const memoryFiles = () => {
    let data: Buffer | null = null;
    return {
      read: async () => data,
      write: async (d: Buffer) => {
        data = d;
      },
      remove: async () => {
        data = null;
      },
      peek: () => data,
    };
  };
  const creds = { deviceId: 'dev-1', token: 'a-very-secret-device-token' };

  it('keeps the secret encrypted at rest and reads it back', async () => {
    const files = memoryFiles();
    const store = createCredentialStore(fakeSafeStorage(), files);
    await store.set(creds);
    expect(files.peek()?.toString()).not.toContain('a-very-secret-device-token');
    await expect(store.get()).resolves.toEqual(creds);
    await store.set(null);
    await expect(store.get()).resolves.toBeNull();
  });

  it('refuses to store a secret in the clear when the keychain is unavailable', async () => {
    const files = memoryFiles();
    await expect(createCredentialStore(fakeSafeStorage(false), files).set(creds)).rejects.toMatchObject({ code: 'encryption_unavailable' });
    expect(files.peek()).toBeNull();
  });

  it('reports a corrupt file instead of crashing', async () => {
    const files = memoryFiles();
    await files.write(Buffer.from('garbage'));
    await expect(createCredentialStore(fakeSafeStorage(), files).get()).rejects.toMatchObject({ code: 'corrupt' });
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
});
