import { z } from 'zod';
import { DEFAULT_CITY_TIME_ZONE, isValidTimeZone } from './city-time';
import { DEVICE_ID_PATTERN } from './ids';

/** What the kiosk needs from wherever it runs (Electron preload or a plain browser). */

/** Hosts that count as this machine: the only places a plain-http API address may point to. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The settings' refusals by code, each with the English the schema says (logs, main, tests). One message per code, so
 * the code of an issue is found from its message (settingsProblemCode), whichever check in zod raised it.
 */
export const settingsMessages = {
  'settings.apiUrl.notUrl': 'apiUrl must be an http(s) URL',
  'settings.apiUrl.plainHttp': 'a plain http: API address is allowed only on this machine (localhost, 127.0.0.1, [::1]); use https',
  'settings.vanName.required': 'Enter the van’s name.',
  'settings.vanName.tooLong': 'Use at most 100 characters.',
  'settings.residentIdle.tooShort': 'At least 10 seconds.',
  'settings.residentIdle.tooLong': 'At most an hour.',
  'settings.residentWarning.tooShort': 'At least 5 seconds.',
  'settings.residentWarning.tooLong': 'At most 10 minutes.',
} as const;

/** `settings.invalid`: a value no form control can produce (a display or printer that is not offered). */
export type SettingsProblemCode = keyof typeof settingsMessages | 'settings.invalid';

export const SETTINGS_PROBLEM_CODES: readonly SettingsProblemCode[] = [...(Object.keys(settingsMessages) as (keyof typeof settingsMessages)[]), 'settings.invalid'];

/** The code of a settings issue (from kioskSettingsSchema's safeParse), for the screen to put into words. */
export function settingsProblemCode(issue: { message: string }): SettingsProblemCode {
  const found = Object.entries(settingsMessages).find(([, message]) => message === issue.message);
  return found ? (found[0] as keyof typeof settingsMessages) : 'settings.invalid';
}

/**
 * The central API's address: https anywhere, plain http only on this machine (a demo or a test), since a van's
 * network is a public one and the device token travels with every request.
 */
export const apiUrlSchema = z
  .url({ protocol: /^https?$/, error: settingsMessages['settings.apiUrl.notUrl'] })
  .refine((value) => {
    const match = /^(https?):\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(value);
    return !!match && (match[1]!.toLowerCase() === 'https' || isLoopbackHost(match[2]!));
  }, settingsMessages['settings.apiUrl.plainHttp']);

export const kioskConfigSchema = z.object({
  apiUrl: apiUrlSchema,
  cityName: z.string().min(1).max(100),
  vanName: z.string().min(1).max(100),
  /** Sync retry backoff; tests shorten it. */
  syncRetryBaseMs: z.number().int().min(50).max(600_000).default(1000),
  syncRetryMaxMs: z.number().int().min(50).max(3_600_000).default(60_000),
  /** Resident touchscreen: idle time before the "are you still there?" warning, and how long the warning lasts. */
  residentIdleMs: z.number().int().min(1000).max(3_600_000).default(90_000),
  residentWarningMs: z.number().int().min(1000).max(600_000).default(30_000),
  /** Close-out: a cash difference above this needs a second person's sign-off. */
  cashSignOffThresholdCents: z.number().int().min(0).max(1_000_000).default(2500),
  /** Retention: personal fields of synced, backed-up records are removed this many days after their day was closed. */
  retentionDays: z.number().int().min(1).max(365).default(7),
  /** The city's zone until the catalogue names one: every date and hour on the kiosk is read in it. */
  cityTimeZone: z.string().refine(isValidTimeZone, { error: 'cityTimeZone must be an IANA time zone like America/New_York' }).default(DEFAULT_CITY_TIME_ZONE),
  /** Staff window: idle time before it locks and asks for the PIN again. */
  staffIdleLockMs: z.number().int().min(10_000).max(4 * 3_600_000).default(5 * 60_000),
  /** A resident's help call unanswered this long is flagged to the supervisor too. */
  helpCallFlagMs: z.number().int().min(10_000).max(3_600_000).default(2 * 60_000),
  /** Voids: a transaction over this amount (or another clerk's) needs a supervisor's PIN. */
  voidApprovalThresholdCents: z.number().int().min(0).max(100_000_000).default(5000),
  /** The receipt's QR code is this address followed by the transaction id (default: the API's receipt check). */
  receiptVerificationBaseUrl: z.url({ protocol: /^https?$/, error: 'receiptVerificationBaseUrl must be an http(s) URL' }).optional(),
});
export type KioskConfig = z.infer<typeof kioskConfigSchema>;

/** The device's enrolment as the host keeps it, with its secret. Under Electron it never leaves the main process. */
export const deviceCredentialsSchema = z.object({
  deviceId: z.string().regex(DEVICE_ID_PATTERN),
  token: z.string().min(16).max(256),
  /** The API the device enrolled with, when it differs from the configured one. */
  apiUrl: apiUrlSchema.optional(),
});
export type DeviceCredentials = z.infer<typeof deviceCredentialsSchema>;

/**
 * What the page learns about its enrolment. The Electron bridge answers without the token (main adds the
 * Authorization header itself, for the API origin only); only the browser build, for trials, keeps the token in the
 * page and sends it.
 */
export const deviceIdentitySchema = z.object({
  deviceId: z.string().regex(DEVICE_ID_PATTERN),
  apiUrl: apiUrlSchema.optional(),
  token: z.string().min(16).max(256).optional(),
});
export type DeviceIdentity = z.infer<typeof deviceIdentitySchema>;
/** The Electron bridge's answer: the same, with no room for a token (a stray one is stripped by the schema). */
export const bridgeDeviceSchema = deviceIdentitySchema.omit({ token: true });

export const hostEnrolRequestSchema = z.object({
  apiUrl: z.string().trim().min(1).max(2000),
  code: z.string().trim().min(1).max(64),
  deviceId: z.string().regex(DEVICE_ID_PATTERN).nullable(),
});
export type HostEnrolRequest = z.infer<typeof hostEnrolRequestSchema>;
export const enrolResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), device: bridgeDeviceSchema }),
  z.object({ ok: z.literal(false), code: z.string().max(64), message: z.string().max(500) }),
]);
export type EnrolResult = { ok: true; device: DeviceIdentity } | { ok: false; code: string; message: string };

export const printRequestSchema = z.object({
  html: z.string().min(1).max(1_000_000),
});

/** What a supervisor may change on the kiosk (behind the supervisor PIN); validated by the page and again by main. */
export const kioskSettingsSchema = z.object({
  apiUrl: apiUrlSchema,
  vanName: z.string().trim().min(1, settingsMessages['settings.vanName.required']).max(100, settingsMessages['settings.vanName.tooLong']),
  /** Which screen shows the resident window: 'auto' = the second display when there is one. */
  residentDisplay: z.union([z.literal('auto'), z.number().int().min(0).max(2 ** 53 - 1)]),
  /** The printer receipts and reports go to, silently; null = the system's default printer. */
  printerName: z.string().trim().min(1).max(200).nullable(),
  residentIdleMs: z.number().int().min(10_000, settingsMessages['settings.residentIdle.tooShort']).max(3_600_000, settingsMessages['settings.residentIdle.tooLong']),
  residentWarningMs: z.number().int().min(5_000, settingsMessages['settings.residentWarning.tooShort']).max(600_000, settingsMessages['settings.residentWarning.tooLong']),
});
export type KioskSettings = z.infer<typeof kioskSettingsSchema>;

export const displayInfoSchema = z.object({ id: z.number().int(), label: z.string().max(200), primary: z.boolean() });
export const printerInfoSchema = z.object({ name: z.string().max(200), label: z.string().max(200) });
export const settingsViewSchema = z.object({
  settings: kioskSettingsSchema,
  displays: z.array(displayInfoSchema).max(16),
  printers: z.array(printerInfoSchema).max(200),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export function settingsFromConfig(config: KioskConfig): KioskSettings {
  return {
    apiUrl: config.apiUrl,
    vanName: config.vanName,
    residentDisplay: 'auto',
    printerName: null,
    residentIdleMs: config.residentIdleMs,
    residentWarningMs: config.residentWarningMs,
  };
}

/** The configuration the kiosk runs with: what it was started with, overridden by the supervisor's settings. */
export function applySettings(config: KioskConfig, settings: KioskSettings | null): KioskConfig {
  if (!settings) return config;
  return { ...config, apiUrl: settings.apiUrl, vanName: settings.vanName, residentIdleMs: settings.residentIdleMs, residentWarningMs: settings.residentWarningMs };
}

/** The per-device key that wraps secrets the page stores (the staff PIN hashes): 32 random bytes. */
export const dataKeySchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.length === 32, 'a data key is 32 bytes');

/** What the kiosk page tells the host about the counter, so an app update never restarts it mid-transaction. */
export const updateReadinessSchema = z.object({ transactionOpen: z.boolean(), dayClosed: z.boolean() });
export type UpdateReadiness = z.infer<typeof updateReadinessSchema>;

/** What the host's app updater says after a check asked for by the page (the office said this kiosk is too old). */
export const updateCheckAnswerSchema = z.object({
  kind: z.enum(['idle', 'downloading', 'ready', 'failed', 'unavailable']),
  version: z.string().max(60).nullable(),
  message: z.string().max(500),
});
export type UpdateCheckAnswer = z.infer<typeof updateCheckAnswerSchema>;

export interface KioskHost {
  readonly kind: 'electron' | 'browser';
  getConfig(): Promise<KioskConfig>;
  /** The device's enrolment; under Electron without its token. */
  getCredentials(): Promise<DeviceIdentity | null>;
  /** Exchanges an enrolment code for device credentials and keeps them in the host (under Electron: in main). */
  enrol(request: HostEnrolRequest): Promise<EnrolResult>;
  printHtml(html: string): Promise<void>;
  appVersion(): Promise<string>;
  getSettings(): Promise<SettingsView>;
  saveSettings(settings: KioskSettings): Promise<void>;
  /**
   * Electron only: the per-device key, generated and kept by main under safeStorage (the OS keychain). The browser
   * host keeps a non-extractable WebCrypto key of its own instead.
   */
  getDataKey?(): Promise<Uint8Array>;
  /** Electron only: the counter's state, for the app updater (installs only with no transaction open, day closed). */
  reportReadiness?(state: UpdateReadiness): Promise<void>;
  /** Electron only: look for an app update now (the office refuses this version); the browser build is reloaded instead. */
  checkForUpdate?(): Promise<UpdateCheckAnswer>;
}
