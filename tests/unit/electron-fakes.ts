import type { BrowserWindowConstructorOptions } from 'electron';
import { createKioskWindow, type KioskWindowOptions } from '../../electron/main/window';

/** The options createKioskWindow gives a new window, read through a fake BrowserWindow constructor. */
export function kioskWindowOptions(options: KioskWindowOptions): BrowserWindowConstructorOptions {
  let captured: BrowserWindowConstructorOptions | undefined;
  class FakeWindow {
    constructor(o: BrowserWindowConstructorOptions) {
      captured = o;
    }
    once() {}
    show() {}
    async loadURL() {}
  }
  createKioskWindow(FakeWindow as never, options);
  return captured!;
}
