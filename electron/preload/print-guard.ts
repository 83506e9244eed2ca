/**
 * Runs in the page's own world (contextBridge.executeInMainWorld, before any page script): `window.print()` opens
 * nothing, since a system print dialog is a way out of a kiosk. Receipts and reports print through
 * kioskHost.printHtml, which main sends silently to the configured printer. Self-contained: Electron serialises it.
 */
export function disablePagePrint(target: { print?: unknown } = globalThis as { print?: unknown }): void {
  Object.defineProperty(target, 'print', {
    value: function print() {
      console.warn('window.print() is disabled on this kiosk; printing goes through the kiosk host, silently');
    },
    writable: false,
    configurable: false,
    enumerable: true,
  });
}
