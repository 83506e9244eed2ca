import { z } from 'zod';
import {
  applySettings,
  deviceCredentialsSchema,
  kioskConfigSchema,
  kioskSettingsSchema,
  settingsFromConfig,
  type DeviceIdentity,
  type EnrolResult,
  type HostEnrolRequest,
  type KioskConfig,
  type KioskHost,
  type KioskSettings,
  type SettingsView,
} from '../../../shared';
import { enrolDevice, EnrolError } from '../sync/enrol';

/** What `npm run start:web` serves beside the page: the kiosk's configuration and, for the demo, its enrolled device. */
export const webBootstrapSchema = z.object({
  config: kioskConfigSchema,
  credentials: deviceCredentialsSchema.nullable(),
  version: z.string(),
});

const CREDENTIALS_KEY = 'chtg.deviceCredentials';
export const SETTINGS_KEY = 'chtg.settings';

/**
 * The host bridge for a plain browser, for trials only. Without Electron there is no OS keychain and no main process
 * to add the Authorization header, so the device token lives in localStorage and the page sends it itself; the
 * Electron build keeps it in main, encrypted with safeStorage, and the page never sees it.
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

  private storedSettings(): KioskSettings | null {
    const saved = this.storage.getItem(SETTINGS_KEY);
    if (!saved) return null;
    try {
      const parsed = kioskSettingsSchema.safeParse(JSON.parse(saved));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async getConfig(): Promise<KioskConfig> {
    return applySettings((await this.load()).config, this.storedSettings());
  }

  async getCredentials(): Promise<DeviceIdentity | null> {
    const saved = this.storage.getItem(CREDENTIALS_KEY);
    if (saved) {
      try {
        const parsed = deviceCredentialsSchema.safeParse(JSON.parse(saved));
        if (parsed.success) return parsed.data;
      } catch {
        // unreadable: fall back to the bootstrap's
      }
    }
    return (await this.load()).credentials;
  }

  async enrol(request: HostEnrolRequest): Promise<EnrolResult> {
    try {
      const credentials = await enrolDevice(request.apiUrl, request.code, request.deviceId);
      this.storage.setItem(CREDENTIALS_KEY, JSON.stringify(deviceCredentialsSchema.parse(credentials)));
      return { ok: true, device: credentials };
    } catch (error) {
      if (error instanceof EnrolError) return { ok: false, code: error.code, message: error.message };
      return { ok: false, code: 'failed', message: 'Enrolment failed. Try again.' };
    }
  }

  async getSettings(): Promise<SettingsView> {
    const settings = this.storedSettings() ?? settingsFromConfig((await this.load()).config);
    // The address shown is the one the device talks to.
    const device = await this.getCredentials();
    return { settings: { ...settings, apiUrl: device?.apiUrl ?? settings.apiUrl }, displays: [], printers: [] };
  }

  async saveSettings(settings: KioskSettings): Promise<void> {
    const parsed = kioskSettingsSchema.parse(settings);
    const device = await this.getCredentials();
    const origin = new URL(parsed.apiUrl).origin;
    // The office moved: the same device and token, at the new address.
    if (device?.token && device.apiUrl !== origin) {
      this.storage.setItem(CREDENTIALS_KEY, JSON.stringify(deviceCredentialsSchema.parse({ ...device, apiUrl: origin })));
    }
    this.storage.setItem(SETTINGS_KEY, JSON.stringify(parsed));
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
