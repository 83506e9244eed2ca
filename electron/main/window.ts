import type { BrowserWindow, BrowserWindowConstructorOptions, Display, Input, Rectangle, WebContents } from 'electron';
import { APP_ROOT_URL } from './app-protocol';

export type BrowserWindowCtor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;
export type KioskRoute = 'staff' | 'resident';

export interface KioskWindowOptions {
  preloadPath: string;
  /** Full-screen kiosk mode for the resident touchscreen; a normal window for staff. */
  kiosk: boolean;
  /** app.isPackaged: a packaged build has no developer tools at all. */
  isPackaged: boolean;
  /** Where the window goes (the display's bounds); the default position when absent. */
  bounds?: Rectangle;
}

export function routeUrl(route: KioskRoute): string {
  return `${APP_ROOT_URL}index.html#/${route}`;
}

/**
 * Opens the renderer at a route: '#/staff' for the counter, '#/resident' for the touchscreen. The only place that
 * decides a kiosk window's web preferences (written out here, where the static audit can read them): isolated,
 * sandboxed, no Node in the page, no webview, no developer tools in a packaged build, no middle-click new windows.
 */
export function createKioskWindow(BrowserWindow: BrowserWindowCtor, options: KioskWindowOptions, route: KioskRoute = 'staff'): BrowserWindow {
  const window = new BrowserWindow({
    width: options.bounds?.width ?? 1280,
    height: options.bounds?.height ?? 860,
    ...(options.bounds ? { x: options.bounds.x, y: options.bounds.y } : {}),
    minWidth: 800,
    minHeight: 600,
    show: false,
    kiosk: options.kiosk,
    fullscreen: options.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f4f6fa',
    title: 'City Hall To Go',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      // The help-call chime must sound after a crash reload too, before anyone has clicked the restored window.
      autoplayPolicy: 'no-user-gesture-required',
      devTools: !options.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(routeUrl(route));
  return window;
}

export interface WindowPlan {
  staff: Display;
  /** null: one display, so one window that switches between staff and resident modes. */
  resident: Display | null;
}

/**
 * Which display gets which window. With two or more, the staff window stays on the primary display and the resident
 * touchscreen goes to the supervisor's chosen display, else the first display that is not the primary. With one,
 * there is one window.
 */
export function planWindows(displays: readonly Display[], primary: Display, residentDisplay: 'auto' | number): WindowPlan {
  if (displays.length < 2) return { staff: primary, resident: null };
  const chosen = residentDisplay === 'auto' ? undefined : displays.find((d) => d.id === residentDisplay && d.id !== primary.id);
  const resident = chosen ?? displays.find((d) => d.id !== primary.id) ?? null;
  return { staff: primary, resident };
}

/**
 * After a supervisor saved settings: the resident window moves when its display changed, and reloads to pick up the
 * new idle times and van name (the staff window, where the supervisor is, applied them itself).
 */
export function applyResidentSettings(
  window: Pick<BrowserWindow, 'isDestroyed' | 'setBounds'> & { webContents: Pick<WebContents, 'reload'> },
  displays: readonly Display[],
  primary: Display,
  next: { residentDisplay: 'auto' | number },
  previous: { residentDisplay: 'auto' | number },
): void {
  if (window.isDestroyed()) return;
  if (next.residentDisplay !== previous.residentDisplay) {
    const target = planWindows(displays, primary, next.residentDisplay).resident;
    if (target) window.setBounds(target.bounds);
  }
  window.webContents.reload();
}

/** Ctrl+Alt+Shift+M: the mode switch of the single-window kiosk (staff ↔ resident); staff need a keyboard for it. */
export function isModeSwitch(input: Pick<Input, 'type' | 'key' | 'control' | 'alt' | 'shift'>): boolean {
  return input.type === 'keyDown' && input.control && input.alt && input.shift && input.key.toLowerCase() === 'm';
}

export function installModeSwitch(contents: Pick<WebContents, 'on' | 'loadURL' | 'getURL'>): void {
  contents.on('before-input-event', (event, input) => {
    if (!isModeSwitch(input)) return;
    event.preventDefault();
    const resident = contents.getURL().endsWith('#/resident');
    void contents.loadURL(routeUrl(resident ? 'staff' : 'resident'));
  });
}

export const ERROR_PAGE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>City Hall To Go</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:1.5rem system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0;background:#f4f6fa;color:#1a1a1a}main{max-width:36rem;text-align:center}</style>
</head><body><main role="alert"><h1>This screen has stopped working</h1><p>Please ask a member of staff for help.</p><p>Staff: restart the kiosk. Nothing recorded before this is lost.</p></main></body></html>`;

export interface RecoveryOptions {
  /** Reloads allowed inside `windowMs` before the error screen is shown instead. */
  maxReloads: number;
  windowMs: number;
  /** How long a hung page may stay unresponsive before it is reloaded. */
  hangMs: number;
  now: () => number;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  log: (message: string, fields: Record<string, unknown>) => void;
}

type RecoverableWindow = Pick<BrowserWindow, 'on' | 'isDestroyed'> & { webContents: Pick<WebContents, 'on' | 'reload' | 'loadURL' | 'forcefullyCrashRenderer'> };

/**
 * A renderer that crashes or hangs is reloaded, at most `maxReloads` times in `windowMs`; past that the window shows
 * a static error screen rather than a reload loop.
 */
export function superviseRenderer(window: RecoverableWindow, options: RecoveryOptions): { reloads: () => number; gaveUp: () => boolean } {
  const recent: number[] = [];
  let hangTimer: unknown = null;
  let gaveUp = false;
  /** Set when the supervisor itself crashed a hung renderer: that exit is already being recovered. */
  let expectGone = false;
  const recover = (reason: string) => {
    if (gaveUp || window.isDestroyed()) return;
    const now = options.now();
    while (recent.length && now - recent[0]! > options.windowMs) recent.shift();
    if (recent.length >= options.maxReloads) {
      gaveUp = true;
      options.log('renderer gave up, showing the error screen', { reason, reloads: recent.length });
      void window.webContents.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(ERROR_PAGE_HTML)}`);
      return;
    }
    recent.push(now);
    options.log('renderer reloaded', { reason, attempt: recent.length });
    window.webContents.reload();
  };
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    if (expectGone) {
      expectGone = false;
      return;
    }
    recover(details.reason);
  });
  window.on('unresponsive', () => {
    if (hangTimer !== null) return;
    hangTimer = options.setTimer(() => {
      hangTimer = null;
      // A hung page is crashed first so the reload starts a fresh renderer process.
      if (!window.isDestroyed()) {
        expectGone = true;
        window.webContents.forcefullyCrashRenderer();
      }
      recover('unresponsive');
    }, options.hangMs);
  });
  window.on('responsive', () => {
    if (hangTimer !== null) options.clearTimer(hangTimer);
    hangTimer = null;
  });
  return { reloads: () => recent.length, gaveUp: () => gaveUp };
}
