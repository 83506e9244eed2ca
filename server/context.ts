import type { FastifyRequest } from 'fastify';
import type { ApiRegistry } from './http/route';
import type { Metrics } from './metrics';
import type { CentralStore, PushContext } from './store/store';
import type { PushValidator } from './validation-pool';

/** What every route module receives from the app (kept apart from app.ts, so routes never import the app that imports them). */
export interface RateLimitOptions {
  max: number;
  timeWindow: number;
}

export interface AppContext {
  store: CentralStore;
  registry: ApiRegistry;
  metrics: Metrics;
  timeZone: string;
  now: () => Date;
  deviceRateLimit: RateLimitOptions & { keyGenerator: (request: FastifyRequest) => string };
  enrolRateLimit: RateLimitOptions;
  open311RateLimit: RateLimitOptions;
  open311Coarsen: 'off' | 'block';
  pushBodyLimit: number;
  pushContext: () => Promise<PushContext>;
  validator: PushValidator;
  /** Counts a store operation as in flight, so shutdown waits for it. */
  track: <T>(work: Promise<T>) => Promise<T>;
}
