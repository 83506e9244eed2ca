import type { FastifyInstance } from 'fastify';
import { kpiQuerySchema, kpiResponseSchema, type KpiPeriod } from '../../shared';
import type { AppContext } from '../context';
import type { KpiQuery, KpiRow as StoredKpiRow } from '../store/kpi';

/** Average rating (two decimals) and answers per resident served: what the console charts. */
function measures(row: Omit<StoredKpiRow, 'period' | 'key'>) {
  const { ratingSum, ...rest } = row;
  return {
    ...rest,
    satisfactionAverage: row.surveys > 0 ? Math.round((100 * ratingSum) / row.surveys) / 100 : null,
    responseRate: row.residentsServed > 0 ? Math.round((10_000 * row.surveys) / row.residentsServed) / 10_000 : null,
  };
}

const EMPTY: Omit<StoredKpiRow, 'period' | 'key'> = {
  tickets: 0, residentsServed: 0, waitMedianSeconds: null, waitP90Seconds: null, serviceMedianSeconds: null, serviceP90Seconds: null,
  surveys: 0, ratingSum: 0, requests311: 0, cityAnswers: 0,
};

/** One period: its rows by the chosen grouping and dimension, and its totals (percentiles over the whole period's tickets). */
export async function kpiPeriod(ctx: Pick<AppContext, 'store'>, q: KpiQuery): Promise<KpiPeriod> {
  const [grouped, overall] = await Promise.all([ctx.store.kpi.kpis(q), ctx.store.kpi.kpis({ ...q, grouping: 'all', dimension: 'all' })]);
  const { period: _p, key: _k, ...totals } = overall.rows[0] ?? { period: 'all', key: 'all', ...EMPTY };
  return {
    from: q.from,
    to: q.to,
    rows: grouped.rows.map((r) => ({ ...measures(r), period: r.period, key: r.key })),
    totals: measures(totals),
    languages: grouped.languages,
  };
}

/** The programme's measures over time (issue 17): residents served, waits, satisfaction, 311 and "Tell the city" by city day, week or month. */
export function registerOfficeKpiRoutes(app: FastifyInstance, ctx: AppContext): void {
  ctx.registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/kpis',
      summary:
        'KPIs for a period of city days, grouped by day, week (from Monday) or month and by van, neighbourhood or service: tickets, residents served, median and 90th-percentile wait and service time, satisfaction and response rate, 311 requests, "Tell the city" answers, touchscreen languages; optionally a second period to compare',
      tags: ['office console'],
      auth: 'console:viewer',
      query: kpiQuerySchema,
      response: kpiResponseSchema,
    },
    async ({ query }) => {
      const base = { grouping: query.grouping, dimension: query.dimension };
      const [period, compare] = await Promise.all([
        kpiPeriod(ctx, { ...base, from: query.from, to: query.to }),
        query.compareFrom && query.compareTo ? kpiPeriod(ctx, { ...base, from: query.compareFrom, to: query.compareTo }) : Promise.resolve(null),
      ]);
      return { ...base, timeZone: ctx.timeZone, period, compare };
    },
  );
}
