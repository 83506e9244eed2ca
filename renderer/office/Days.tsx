import { useState } from 'react';
import type { OfficeDay } from '../../shared';
import { api } from './api';
import type { SectionProps } from './App';
import { cityDateTime, cityToday, dollars } from './format';
import { useLoad } from './useLoad';

function CsvLink({ date, table, label }: { date: string; table: string; label: string }) {
  return (
    <a className="csv" href={`/v1/office/days.csv?date=${date}&table=${table}`} download>
      {label}
    </a>
  );
}

export function Days({ session }: SectionProps) {
  const tz = session.cityTimeZone;
  const [date, setDate] = useState(() => cityToday(tz));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const { data, error } = useLoad(() => (valid ? api<OfficeDay>('GET', `/v1/office/days?date=${date}`) : Promise.resolve(null)), date);
  const stops = data?.vans.flatMap((v) => v.stops.map((s) => ({ van: v.vanName, ...s }))) ?? [];
  const signed = (cents: number | null) => (cents === null ? '—' : cents === 0 ? dollars(0) : cents > 0 ? `over ${dollars(cents)}` : `short ${dollars(-cents)}`);

  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="day-date">Day</label>
        <input id="day-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <button type="button" onClick={() => window.print()}>
          Print day sheet
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {data && data.date === date && (
        <>
          <p className="print-only">Day sheet for {date} (city time, {tz})</p>
          <p>
            <strong>{data.totals.transactionCount}</strong> transactions · <strong>{dollars(data.totals.revenueCents)}</strong> revenue · {data.totals.voidCount} voids
          </p>
          <table>
            <caption>
              Stops and day closes <CsvLink date={date} table="stops" label="Download stops and closes as CSV" />
            </caption>
            <thead>
              <tr>
                <th scope="col">Van and stop</th>
                <th scope="col">Transactions</th>
                <th scope="col">Revenue</th>
                <th scope="col">Voids</th>
                <th scope="col">Cash expected</th>
                <th scope="col">Cash counted</th>
                <th scope="col">Over / short</th>
                <th scope="col">Reason</th>
                <th scope="col">Closed by</th>
                <th scope="col">Second sign-off</th>
                <th scope="col">Complete at the office</th>
              </tr>
            </thead>
            <tbody>
              {stops.map((s) => (
                <tr key={`${s.van}:${s.stopId}`}>
                  <th scope="row">
                    {s.van} · {s.place ?? 'no stop'}
                    <div className="muted">{s.neighbourhood}</div>
                  </th>
                  <td>{s.transactionCount}</td>
                  <td>{dollars(s.revenueCents)}</td>
                  <td>
                    {s.voids.count} ({dollars(s.voids.amountCents)})
                  </td>
                  <td>{dollars(s.cash.expectedCents)}</td>
                  <td>{s.cash.countedCents === null ? 'Not closed' : dollars(s.cash.countedCents)}</td>
                  <td>{signed(s.cash.differenceCents)}</td>
                  <td>{s.cash.reason || '—'}</td>
                  <td>{s.close ? `${s.close.closedBy}, ${cityDateTime(s.close.closedAt, tz)}` : '—'}</td>
                  <td>{s.close?.secondSignOffBy ?? '—'}</td>
                  <td>{s.close ? (s.close.completeAtCentre ? 'Yes' : 'No — records still missing') : 'Not closed'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>
              Revenue by service <CsvLink date={date} table="services" label="Download revenue by service as CSV" />
            </caption>
            <thead>
              <tr>
                <th scope="col">Van and stop</th>
                <th scope="col">Service</th>
                <th scope="col">Count</th>
                <th scope="col">Revenue</th>
              </tr>
            </thead>
            <tbody>
              {stops.flatMap((s) =>
                s.byService.map((b) => (
                  <tr key={`${s.van}:${s.stopId}:${b.key}`}>
                    <th scope="row">
                      {s.van} · {s.place ?? 'no stop'}
                    </th>
                    <td>{b.label}</td>
                    <td>{b.count}</td>
                    <td>{dollars(b.revenueCents)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          <table>
            <caption>
              Revenue by payment method <CsvLink date={date} table="payments" label="Download revenue by payment method as CSV" />
            </caption>
            <thead>
              <tr>
                <th scope="col">Van and stop</th>
                <th scope="col">Payment method</th>
                <th scope="col">Count</th>
                <th scope="col">Revenue</th>
              </tr>
            </thead>
            <tbody>
              {stops.flatMap((s) =>
                s.byPaymentMethod.map((b) => (
                  <tr key={`${s.van}:${s.stopId}:${b.key}`}>
                    <th scope="row">
                      {s.van} · {s.place ?? 'no stop'}
                    </th>
                    <td>{b.label}</td>
                    <td>{b.count}</td>
                    <td>{dollars(b.revenueCents)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          <table>
            <caption>
              Neighbourhoods <CsvLink date={date} table="neighbourhoods" label="Download neighbourhoods as CSV" />
            </caption>
            <thead>
              <tr>
                <th scope="col">Neighbourhood</th>
                <th scope="col">Stops</th>
                <th scope="col">Transactions</th>
                <th scope="col">Revenue</th>
                <th scope="col">Voids</th>
              </tr>
            </thead>
            <tbody>
              {data.neighbourhoods.map((n) => (
                <tr key={n.neighbourhood}>
                  <th scope="row">{n.neighbourhood}</th>
                  <td>{n.stops}</td>
                  <td>{n.transactionCount}</td>
                  <td>{dollars(n.revenueCents)}</td>
                  <td>{n.voidCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
