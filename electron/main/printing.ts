import type { BrowserWindow, BrowserWindowConstructorOptions, WebContentsPrintOptions } from 'electron';

export class PrintError extends Error {
  constructor(
    readonly code: 'print_failed',
    message: string,
  ) {
    super(message);
  }
}

/** The options every job prints with: silent (no system dialog, ever), to the configured printer. */
export function silentPrintOptions(printerName: string | null): WebContentsPrintOptions {
  const options: WebContentsPrintOptions = { silent: true, printBackground: true };
  if (printerName) options.deviceName = printerName;
  return options;
}

export type PrintWindowCtor = new (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadURL' | 'webContents' | 'destroy'>;

/**
 * Receipts and reports print silently to the supervisor's chosen printer (deviceName), or the system default. The
 * kiosk windows never open a system print dialog: that dialog is a way out of a kiosk.
 */
export function createSilentPrinter(BrowserWindow: PrintWindowCtor, printerName: () => string | null) {
  return async (html: string): Promise<void> => {
    // A hidden window with no script and no preload: the receipt's HTML is shown, never run.
    const window = new BrowserWindow({
      show: false,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        javascript: false,
        webviewTag: false,
        disableBlinkFeatures: 'Auxclick',
        devTools: false,
      },
    });
    try {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      await new Promise<void>((resolve, reject) => {
        window.webContents.print(silentPrintOptions(printerName()), (success, failureReason) => {
          if (success) resolve();
          else reject(new PrintError('print_failed', `The printer did not take the job: ${failureReason || 'unknown reason'}.`));
        });
      });
    } finally {
      window.destroy();
    }
  };
}
