import { z } from 'zod';
import { deviceCredentialsSchema, kioskConfigSchema, type DeviceCredentials, type KioskConfig, type KioskHost } from '../../../shared';

/** What `npm run start:web` serves beside the page: the kiosk's configuration and, for the demo, its enrolled device. */
export const webBootstrapSchema = z.object({
  config: kioskConfigSchema,
  credentials: deviceCredentialsSchema.nullable(),
  version: z.string(),
});

const CREDENTIALS_KEY = 'chtg.deviceCredentials';

/**
 * The host bridge for a plain browser. Without Electron there is no OS keychain, so the device secret lives in
 * localStorage; the Electron preload keeps it in main, encrypted with safeStorage.
 */
export class BrowserHost implements KioskHost {
  readonly kind = 'browser' as const;
  private bootstrap: Promise<z.infer<typeof webBootstrapSchema>> | undefined;

  constructor(
    private readonly bootstrapUrl = './kiosk-bootstrap.json',
    private readonly storage: Storage = window.localStorage,
  ) {}

  private load() {
    this.bootstrap ??= fetch(this.bootstrapUrl, { cache: 'no-store' })
      .then((r) => {
        if (!r.ok) throw new Error(`kiosk configuration not found (${r.status})`);
        return r.json();
      })
      .then((json: unknown) => webBootstrapSchema.parse(json));
    return this.bootstrap;
  }

  async getConfig(): Promise<KioskConfig> {
    return (await this.load()).config;
  }

  async getCredentials(): Promise<DeviceCredentials | null> {
    const saved = this.storage.getItem(CREDENTIALS_KEY);
    if (saved) {
      const parsed = deviceCredentialsSchema.safeParse(JSON.parse(saved));
      if (parsed.success) return parsed.data;
    }
    return (await this.load()).credentials;
  }

  async setCredentials(credentials: DeviceCredentials | null): Promise<void> {
    if (credentials) this.storage.setItem(CREDENTIALS_KEY, JSON.stringify(deviceCredentialsSchema.parse(credentials)));
    else this.storage.removeItem(CREDENTIALS_KEY);
  }

  async printHtml(html: string): Promise<void> {
    const frame = document.createElement('iframe');
    frame.style.position = 'fixed';
    frame.style.width = '0';
    frame.style.height = '0';
    frame.style.border = '0';
    frame.srcdoc = html;
    document.body.append(frame);
    await new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    frame.contentWindow?.print();
    frame.remove();
  }

  async appVersion(): Promise<string> {
    return (await this.load()).version;
  }
}
