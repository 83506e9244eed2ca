import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export type BrowserWindowCtor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

export interface KioskWindowOptions {
  preloadPath: string;
  /** Full-screen kiosk mode for the resident touchscreen; a normal window for staff. */
  kiosk: boolean;
}

/** The only place that decides a window's web preferences: isolated, sandboxed, no Node in the page. */
export function kioskWindowOptions(options: KioskWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 600,
    show: false,
    kiosk: options.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f4f6fa',
    title: 'City Hall To Go',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  };
}

/** Opens the renderer at a route: '#/staff' for the counter, '#/resident' for the touchscreen. */
export function createKioskWindow(Ctor: BrowserWindowCtor, options: KioskWindowOptions, indexHtml: string, route: 'staff' | 'resident' = 'staff'): BrowserWindow {
  const window = new Ctor(kioskWindowOptions(options));
  window.once('ready-to-show', () => window.show());
  void window.loadFile(indexHtml, { hash: `/${route}` });
  return window;
}
