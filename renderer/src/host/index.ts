import type { KioskHost } from '../../../shared';
import { BrowserHost } from './browser-host';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    kioskHost?: KioskHost;
  }
}

export function resolveHost(): KioskHost {
  return window.kioskHost ?? new BrowserHost();
}
