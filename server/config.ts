import { z } from 'zod';
import { DEMO_TIME_ZONE } from './catalogue-seed';
import { appVersionSchema, isValidTimeZone } from '../shared';

/** The API's configuration, from the environment; a bad value stops the start with a clear message. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, { error: 'DATABASE_URL must be a postgres:// URL' }).optional(),
  /** PostgreSQL schema for the tables (created when missing); default: the database's search_path. */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'DATABASE_SCHEMA must be a lower-case identifier' }).optional(),
  ADMIN_TOKEN: z.string().min(16, { error: 'ADMIN_TOKEN must be at least 16 characters' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TIME_ZONE: z.string().refine(isValidTimeZone, { error: 'TIME_ZONE must be an IANA time zone like America/New_York' }).default(DEMO_TIME_ZONE),
  /** Pushes a device may make per minute before it gets 429 with Retry-After. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Scheduled online backups of the SQLite store: the folder, every how many minutes, and how many to keep. */
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(48),
  /** Comma-separated origins a browser may call from (default: the Electron kiosk's app://kiosk). */
  CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^/\s,]+$/, { error: 'CORS_ORIGINS: each origin is scheme://host[:port], no path' })))
    .default(['app://kiosk']),
  /** A bearer credential for GET /metrics besides the admin one. */
  METRICS_TOKEN: z.string().min(16, { error: 'METRICS_TOKEN must be at least 16 characters' }).optional(),
  /** Behind a load balancer: true, a number of hops, or comma-separated proxy addresses/CIDRs to trust for X-Forwarded-For. */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v))
    .refine((v) => typeof v !== 'string' || /^[0-9a-fA-F.:/, ]+$/.test(v), { error: 'TRUST_PROXY is true, false, a number of hops or proxy addresses' }),
  /** Open311 GET and POST requests per client address per minute. */
  OPEN311_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** `block`: the public Open311 feed rounds lat/long to ~100 m and drops house numbers. */
  OPEN311_COARSEN: z.enum(['off', 'block']).default('off'),
  /** The oldest kiosk app version the API talks to; older kiosks are answered 426 upgrade_required (default: any). */
  MIN_KIOSK_VERSION: appVersionSchema.optional(),
  /** Publish the demo catalogue and staff when the store has none. */
  SEED_DEMO: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
});

export type ServerEnv = z.infer<typeof envSchema>;

export function readServerEnv(env: NodeJS.ProcessEnv): ServerEnv {
  // An empty variable (DATABASE_URL= npm run server) means "not set".
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`bad server configuration: ${problems}`);
  }
  return parsed.data;
}
