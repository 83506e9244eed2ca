import type { CustomScheme } from 'electron';
import { extname, resolve, sep } from 'node:path';

/** The renderer is served from app://kiosk/, never file://: a standard, secure origin of its own. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ROOT_URL = `${APP_ORIGIN}/`;

/** Passed to protocol.registerSchemesAsPrivileged before the app is ready. */
export const appSchemes: CustomScheme[] = [
  {
    scheme: APP_SCHEME,
    // standard: a real origin (IndexedDB, Web Locks, relative URLs); secure: a secure context (WebCrypto).
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
  },
];

/**
 * Maps an app:// URL to a file under the renderer's folder, or null for anything else: another host, credentials or
 * a port in the URL, a path that cannot be decoded, `..` segments (plain or escaped), backslashes, NUL bytes, or a
 * path that resolves outside the folder. Fails closed: a URL it cannot parse is refused.
 */
export function resolveAppPath(url: string, rootDir: string): string | null {
  let parsed: URL;
  let path: string;
  try {
    parsed = new URL(url);
    if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password || parsed.port) return null;
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  return resolveDecodedPath(path, rootDir);
}

/** The second half of resolveAppPath, on the decoded path: exported so the refusals are tested on raw input too. */
export function resolveDecodedPath(decoded: string, rootDir: string): string | null {
  let path = decoded;
  if (path.includes('\\') || path.includes('\0') || path.includes(':') || path.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rootDir);
  const file = resolve(root, `.${path}`);
  if (!file.startsWith(root + sep)) return null;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * The Content-Security-Policy every app:// response carries. connect-src names the configured API origin and
 * nothing else, so a script injected into the page could not send data anywhere but the city's own API.
 */
export function contentSecurityPolicy(apiOrigin: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${apiOrigin ? ` ${apiOrigin}` : ''}`,
    "frame-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The origin of an http(s) URL, or null when it is not one. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

export interface AppProtocolOptions {
  rootDir: string;
  readFile: (path: string) => Promise<Uint8Array>;
  /** Read on every response, so a changed API address applies from the next page load. */
  apiOrigin: () => string | null;
}

/** The handler for protocol.handle(APP_SCHEME, …): read-only, confined to the renderer's folder. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers: Record<string, string> = {
      'Content-Security-Policy': contentSecurityPolicy(options.apiOrigin()),
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, headers: { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const file = resolveAppPath(request.url, options.rootDir);
    if (!file) return new Response('not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
    let body: Uint8Array;
    try {
      body = await options.readFile(file);
    } catch {
      return new Response('not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    headers['Content-Type'] = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers });
  };
}
