import type { Input, Session, WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol';

/**
 * The kiosk page may only ever show itself: the app's own origin. Everything else (links, redirects, window.open)
 * is refused. Fails closed: anything that cannot be parsed or decoded is refused, never let through.
 */
export function isTrustedAppUrl(url: string, appOrigin: string = APP_ORIGIN): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) return false;
    if (`${parsed.protocol}//${parsed.host}` !== appOrigin) return false;
    // A path that does not decode (a malformed % escape) is refused rather than thrown past the guard.
    const path = decodeURIComponent(parsed.pathname);
    return !path.includes('\\') && !path.includes('\0');
  } catch {
    return false;
  }
}

type NavigationEvent = { preventDefault: () => void };

/** A guard that refuses whenever its check does not answer a plain `true`, including when the check throws. */
export function failClosed(check: (url: string) => boolean): (event: NavigationEvent, url: string) => void {
  return (event, url) => {
    let allowed: boolean;
    try {
      allowed = check(url) === true;
    } catch {
      allowed = false;
    }
    if (!allowed) event.preventDefault();
  };
}

/** Denies new windows, foreign navigation, webviews and every permission request (camera, geolocation, …). */
export function hardenWebContents(contents: Pick<WebContents, 'setWindowOpenHandler' | 'on'>, check: (url: string) => boolean = (url) => isTrustedAppUrl(url)): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = failClosed(check);
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', (details) => guard(details, details.url));
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Keyboard shortcuts a kiosk window never honours: reload (a resident could wipe the screen mid-payment or reach a
 * half-loaded state), developer tools, view source, print (a system dialog is a known kiosk escape), save, find,
 * new windows and closing the window or the app.
 */
export function isBlockedShortcut(input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (key === 'f5' || key === 'f12' || key === 'f11' || key === 'f7' || key === 'browserrefresh') return true;
  if (mod && ['r', 'p', 's', 'o', 'u', 'w', 'f', 'g', 'n', 't', 'q'].includes(key)) return true;
  if (mod && input.shift && ['i', 'j', 'c', 'k', 'delete'].includes(key)) return true;
  if (input.meta && input.alt && key === 'i') return true;
  if (input.alt && key === 'f4') return true;
  return false;
}

export function blockKioskShortcuts(contents: Pick<WebContents, 'on'>): void {
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
}
