import { z } from 'zod';
import { DEFAULT_CITY_TIME_ZONE, isValidTimeZone } from './city-time';
import { DEVICE_ID_PATTERN } from './ids';

/** What the kiosk needs from wherever it runs (Electron preload or a plain browser). */

export const kioskConfigSchema = z.object({
  apiUrl: z.url({ protocol: /^https?$/, error: 'apiUrl must be an http(s) URL' }),
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
  /** The city's zone until the catalogue names one: every date and hour on the kiosk is read in it. */
  cityTimeZone: z.string().refine(isValidTimeZone, { error: 'cityTimeZone must be an IANA time zone like America/New_York' }).default(DEFAULT_CITY_TIME_ZONE),
  /** Staff window: idle time before it locks and asks for the PIN again. */
  staffIdleLockMs: z.number().int().min(10_000).max(4 * 3_600_000).default(5 * 60_000),
  /** A resident's help call unanswered this long is flagged to the supervisor too. */
  helpCallFlagMs: z.number().int().min(10_000).max(3_600_000).default(2 * 60_000),
});
export type KioskConfig = z.infer<typeof kioskConfigSchema>;

export const deviceCredentialsSchema = z.object({
  deviceId: z.string().regex(DEVICE_ID_PATTERN),
  token: z.string().min(16).max(256),
  /** The API the device enrolled with, when it differs from the configured one. */
  apiUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type DeviceCredentials = z.infer<typeof deviceCredentialsSchema>;

export const printRequestSchema = z.object({
  html: z.string().min(1).max(1_000_000),
});

export interface KioskHost {
  readonly kind: 'electron' | 'browser';
  getConfig(): Promise<KioskConfig>;
  /** Device secrets: kept by the host, out of page-readable storage where the host allows it. */
  getCredentials(): Promise<DeviceCredentials | null>;
  setCredentials(credentials: DeviceCredentials | null): Promise<void>;
  printHtml(html: string): Promise<void>;
  appVersion(): Promise<string>;
}
