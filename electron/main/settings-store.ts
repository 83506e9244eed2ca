import { kioskSettingsSchema, settingsFromConfig, type KioskConfig, type KioskSettings } from '../../shared';

export interface SettingsFiles {
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
}

export class SettingsError extends Error {
  constructor(
    readonly code: 'invalid_settings',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The supervisor's settings, validated (zod) and kept by main in a JSON file under the app's data folder. A file
 * that no longer validates is ignored (the launch configuration applies) rather than stopping the kiosk.
 */
export function createSettingsStore(files: SettingsFiles, launchConfig: KioskConfig, onChange: (settings: KioskSettings, previous: KioskSettings) => void | Promise<void> = () => undefined) {
  let current: KioskSettings = settingsFromConfig(launchConfig);
  return {
    async load(): Promise<KioskSettings> {
      const text = await files.read();
      if (text !== null) {
        try {
          const parsed = kioskSettingsSchema.safeParse(JSON.parse(text));
          if (parsed.success) current = parsed.data;
        } catch {
          // unreadable: keep the launch configuration
        }
      }
      return current;
    },
    get(): KioskSettings {
      return current;
    },
    async save(input: unknown): Promise<KioskSettings> {
      const parsed = kioskSettingsSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new SettingsError('invalid_settings', `${issue?.path.join('.') ?? 'settings'}: ${issue?.message ?? 'invalid'}`);
      }
      await files.write(`${JSON.stringify(parsed.data, null, 2)}\n`);
      const previous = current;
      current = parsed.data;
      await onChange(current, previous);
      return current;
    },
  };
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
