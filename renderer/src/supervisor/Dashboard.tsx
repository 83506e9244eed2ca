import type { TFunction } from 'i18next';
import { computeDayKpis, formatHour12, formatMoney, type WaitBucket } from '../../../shared';
import { useDayFigures } from '../db/hooks';
import { useCityTimeZone } from '../hooks';
import { BarChart } from './BarChart';
import { staffT, useStaffT } from '../i18n/staff';

const minutes = (ms: number | null) => (ms === null ? '—' : staffT('dashboard.minutes', { minutes: (ms / 60_000).toFixed(1) }));

/** Today at this van, live: figures first, then the charts a supervisor would rather look at than read. */
/** A wait bucket's label from its bounds, in the staff catalogue's words ("0–5 min", "30+ min"). */
export function waitBucketLabel(t: TFunction<'staff'>, bucket: Pick<WaitBucket, 'fromMinutes' | 'toMinutes'>): string {
  return bucket.toMinutes === null ? t('dashboard.waitBucketOpen', { from: bucket.fromMinutes }) : t('dashboard.waitBucket', { from: bucket.fromMinutes, to: bucket.toMinutes });
}

export function Dashboard() {
  const timeZone = useCityTimeZone();
  const data = useDayFigures();
  const t = useStaffT();
  if (!data) return null;
  if (!data.stop) return <p className="card">{t('dashboard.noStop')}</p>;
  const k = computeDayKpis({ transactions: data.transactions, tickets: data.tickets, surveys: data.surveys, cityAnswers: data.cityAnswers, timeZone });
  const tiles: [string, string, string][] = [
    [t('dashboard.transactions'), String(k.transactionCount), 'kpi-transactions'],
    [t('dashboard.revenue'), formatMoney(k.revenueCents), 'kpi-revenue'],
    [t('dashboard.voids'), t('dashboard.voidsValue', { voids: k.voids.count, amount: formatMoney(k.voids.amountCents) }), 'kpi-voids'],
    [t('dashboard.tickets'), t('dashboard.ticketsValue', { issued: k.tickets.issued, served: k.tickets.served, noShow: k.tickets.noShow }), 'kpi-tickets'],
    [t('dashboard.wait'), t('dashboard.percentiles', { median: minutes(k.waitTimes.medianMs), p90: minutes(k.waitTimes.p90Ms) }), 'kpi-wait'],
    [t('dashboard.serviceTime'), t('dashboard.percentiles', { median: minutes(k.serviceTimes.medianMs), p90: minutes(k.serviceTimes.p90Ms) }), 'kpi-service'],
    [t('dashboard.satisfaction'), k.satisfaction.average === null ? t('dashboard.noAnswers') : t('dashboard.satisfactionValue', { average: k.satisfaction.average, answers: k.satisfaction.count }), 'kpi-satisfaction'],
    [t('dashboard.participation'), t('dashboard.participationValue', { total: k.participation.total, surveys: k.participation.surveys, cityAnswers: k.participation.cityAnswers }), 'kpi-participation'],
  ];
  return (
    <div className="dashboard">
      <h2>{t('dashboard.title', { place: data.stop.place, neighbourhood: data.stop.neighbourhood })}</h2>
      <dl className="tiles">
        {tiles.map(([label, value, id]) => (
          <div className="tile" key={id}>
            <dt>{label}</dt>
            <dd data-testid={id}>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="two-columns">
        <section className="card">
          <h3>{t('dashboard.byMethod')}</h3>
          <table className="figures" data-testid="by-method">
            <tbody>
              {k.byPaymentMethod.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{t(`payment.methods.${r.key}`)}</th>
                  <td>{r.count}</td>
                  <td>{formatMoney(r.revenueCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <BarChart title={t('dashboard.revenueByService')} rows={k.byService.map((r) => ({ label: r.label, value: r.revenueCents }))} format={(v) => formatMoney(v)} testId="chart-revenue" />
        </section>
        <section className="card">
          <BarChart title={t('dashboard.perHour')} rows={k.perHour.map((r) => ({ label: formatHour12(Number(r.hour)), value: r.count }))} testId="chart-hours" />
        </section>
        <section className="card">
          <BarChart title={t('dashboard.waitTimes')} rows={k.waitDistribution.map((b) => ({ label: waitBucketLabel(t, b), value: b.count }))} testId="chart-waits" />
        </section>
      </div>
    </div>
  );
}
