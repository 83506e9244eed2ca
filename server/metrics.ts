import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics for one API instance; `pushStats`, when the store keeps them, shows how well group commit works. */
export function createMetrics(pushStats?: { readonly commits: number; readonly batches: number }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (pushStats) {
    new Gauge({
      name: 'chtg_store_push_commits',
      help: 'Store commits made for pushed batches since start (group commit: several batches per commit under load)',
      registers: [registry],
      collect() {
        this.set(pushStats.commits);
      },
    });
    new Gauge({
      name: 'chtg_store_pushed_batches',
      help: 'Pushed batches stored since start',
      registers: [registry],
      collect() {
        this.set(pushStats.batches);
      },
    });
  }
  return {
    registry,
    requests: new Counter({
      name: 'chtg_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    events: new Counter({
      name: 'chtg_sync_events_total',
      help: 'Pushed events by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'chtg_sync_batch_duration_seconds',
      help: 'Time to store one pushed batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
