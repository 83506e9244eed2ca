import type { Session, WebContents } from 'electron';

/**
 * The kiosk page may only ever show itself: the app's own files. Everything else (links, redirects, window.open)
 * is refused. A pure function, so it can be tested over a table of hostile URLs.
 */
export function isTrustedAppUrl(url: string, appRoot: string): boolean {
  let parsed: URL;
  let root: URL;
  try {
    parsed = new URL(url);
    root = new URL(appRoot);
  } catch {
    return false;
  }
  if (parsed.protocol !== root.protocol) return false;
  if (parsed.protocol === 'file:') {
    if (parsed.host !== '' || parsed.username || parsed.password) return false;
    const rootDir = root.pathname.endsWith('/') ? root.pathname : root.pathname.replace(/[^/]*$/, '');
    const path = decodeURIComponent(parsed.pathname);
    return !path.includes('/../') && !path.includes('\\') && path.startsWith(decodeURIComponent(rootDir));
  }
  return parsed.origin === root.origin;
}

/** Denies new windows, foreign navigation and every permission request (camera, geolocation, …). */
export function hardenWebContents(contents: Pick<WebContents, 'setWindowOpenHandler' | 'on'>, appRoot: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedAppUrl(url, appRoot)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedAppUrl(url, appRoot)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
