import { computeDayKpis, formatHour12, formatMoney } from '../../../shared';
import { useDayFigures } from '../db/hooks';
import { useCityTimeZone } from '../hooks';
import { BarChart } from './BarChart';

const minutes = (ms: number | null) => (ms === null ? '—' : `${(ms / 60_000).toFixed(1)} min`);

/** Today at this van, live: figures first, then the charts a supervisor would rather look at than read. */
export function Dashboard() {
  const timeZone = useCityTimeZone();
  const data = useDayFigures();
  if (!data) return null;
  if (!data.stop) return <p className="card">No stop has been opened yet today.</p>;
  const k = computeDayKpis({ transactions: data.transactions, tickets: data.tickets, surveys: data.surveys, cityAnswers: data.cityAnswers, timeZone });
  const tiles: [string, string, string][] = [
    ['Transactions', String(k.transactionCount), 'kpi-transactions'],
    ['Revenue', formatMoney(k.revenueCents), 'kpi-revenue'],
    ['Voids', `${k.voids.count} (${formatMoney(k.voids.amountCents)})`, 'kpi-voids'],
    ['Tickets issued / served / no-show', `${k.tickets.issued} / ${k.tickets.served} / ${k.tickets.noShow}`, 'kpi-tickets'],
    ['Wait: median · 90th percentile', `${minutes(k.waitTimes.medianMs)} · ${minutes(k.waitTimes.p90Ms)}`, 'kpi-wait'],
    ['Service time: median · 90th percentile', `${minutes(k.serviceTimes.medianMs)} · ${minutes(k.serviceTimes.p90Ms)}`, 'kpi-service'],
    ['Satisfaction', k.satisfaction.average === null ? 'No answers yet' : `${k.satisfaction.average} / 5 (${k.satisfaction.count})`, 'kpi-satisfaction'],
    ['Participation: surveys + city question', `${k.participation.total} (${k.participation.surveys} + ${k.participation.cityAnswers})`, 'kpi-participation'],
  ];
  return (
    <div className="dashboard">
      <h2>
        Today at {data.stop.place}, {data.stop.neighbourhood}
      </h2>
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
          <h3>By payment method</h3>
          <table className="figures" data-testid="by-method">
            <tbody>
              {k.byPaymentMethod.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td>{r.count}</td>
                  <td>{formatMoney(r.revenueCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <BarChart title="Revenue by service" rows={k.byService.map((r) => ({ label: r.label, value: r.revenueCents }))} format={(v) => formatMoney(v)} testId="chart-revenue" />
        </section>
        <section className="card">
          <BarChart title="Transactions per hour" rows={k.perHour.map((r) => ({ label: formatHour12(Number(r.hour)), value: r.count }))} testId="chart-hours" />
        </section>
        <section className="card">
          <BarChart title="Wait times" rows={k.waitDistribution.map((b) => ({ label: b.label, value: b.count }))} testId="chart-waits" />
        </section>
      </div>
    </div>
  );
}
