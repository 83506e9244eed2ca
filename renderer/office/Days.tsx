import { useState, type ReactNode } from 'react';
import type { OfficeDay } from '../../shared';
import { api } from './api';
import type { SectionProps } from './App';
import { cityDateTime, cityToday, dollars } from './format';
import { useOfficeT } from './i18n';
import { OfficeTrans } from './i18n/OfficeTrans';
import { DataTable } from './parts';
import { useLoad } from './useLoad';

function CsvLink({ date, table, label }: { date: string; table: string; label: string }) {
  return (
    <a className="csv" href={`/v1/office/days.csv?date=${date}&table=${table}`} download>
      {label}
    </a>
  );
}

type DayStop = OfficeDay['vans'][number]['stops'][number] & { van: string };

/** One breakdown of every van's stops (by service, by payment method): a row per stop and key, with its CSV link. */
function BreakdownTable({ caption, csv, columns, stops, rows }: { caption: string; csv: ReactNode; columns: string[]; stops: DayStop[]; rows: (stop: DayStop) => DayStop['byService'] }) {
  const t = useOfficeT();
  return (
    <DataTable
      caption={
        <>
          {caption} {csv}
        </>
      }
      columns={columns}
    >
      {stops.flatMap((s) =>
        rows(s).map((b) => (
          <tr key={`${s.van}:${s.stopId}:${b.key}`}>
            <th scope="row">
              {s.van} · {s.place ?? t('days.noStop')}
            </th>
            <td>{b.label}</td>
            <td>{b.count}</td>
            <td>{dollars(b.revenueCents)}</td>
          </tr>
        )),
      )}
    </DataTable>
  );
}

export function Days({ session }: SectionProps) {
  const tz = session.cityTimeZone;
  const [date, setDate] = useState(() => cityToday(tz));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const { data, error } = useLoad(() => (valid ? api<OfficeDay>('GET', `/v1/office/days?date=${date}`) : Promise.resolve(null)), date);
  const t = useOfficeT();
  const stops: DayStop[] = data?.vans.flatMap((v) => v.stops.map((s) => ({ van: v.vanName, ...s }))) ?? [];
  const signed = (cents: number | null) => (cents === null ? '—' : cents === 0 ? dollars(0) : cents > 0 ? t('days.cash.over', { amount: dollars(cents) }) : t('days.cash.short', { amount: dollars(-cents) }));

  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="day-date">{t('days.day')}</label>
        <input id="day-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <button type="button" onClick={() => window.print()}>
          {t('days.print')}
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {data && data.date === date && (
        <>
          <p className="print-only">{t('days.sheetFor', { date, tz })}</p>
          <p>
            <OfficeTrans
              i18nKey="days.totals"
              values={{ transactions: data.totals.transactionCount, revenue: dollars(data.totals.revenueCents), voids: data.totals.voidCount }}
              components={{ b: <strong /> }}
            />
          </p>
          <table>
            <caption>
              {t('days.stops.caption')} <CsvLink date={date} table="stops" label={t('days.stops.csv')} />
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('days.stops.columns.vanAndStop')}</th>
                <th scope="col">{t('days.stops.columns.transactions')}</th>
                <th scope="col">{t('days.stops.columns.revenue')}</th>
                <th scope="col">{t('days.stops.columns.voids')}</th>
                <th scope="col">{t('days.stops.columns.cashExpected')}</th>
                <th scope="col">{t('days.stops.columns.cashCounted')}</th>
                <th scope="col">{t('days.stops.columns.overShort')}</th>
                <th scope="col">{t('days.stops.columns.reason')}</th>
                <th scope="col">{t('days.stops.columns.closedBy')}</th>
                <th scope="col">{t('days.stops.columns.secondSignOff')}</th>
                <th scope="col">{t('days.stops.columns.completeAtOffice')}</th>
              </tr>
            </thead>
            <tbody>
              {stops.map((s) => (
                <tr key={`${s.van}:${s.stopId}`}>
                  <th scope="row">
                    {s.van} · {s.place ?? t('days.noStop')}
                    <div className="muted">{s.neighbourhood}</div>
                  </th>
                  <td>{s.transactionCount}</td>
                  <td>{dollars(s.revenueCents)}</td>
                  <td>
                    {s.voids.count} ({dollars(s.voids.amountCents)})
                  </td>
                  <td>{dollars(s.cash.expectedCents)}</td>
                  <td>{s.cash.countedCents === null ? t('days.notClosed') : dollars(s.cash.countedCents)}</td>
                  <td>{signed(s.cash.differenceCents)}</td>
                  <td>{s.cash.reason || '—'}</td>
                  <td>{s.close ? `${s.close.closedBy}, ${cityDateTime(s.close.closedAt, tz)}` : '—'}</td>
                  <td>{s.close?.secondSignOffBy ?? '—'}</td>
                  <td>{s.close ? (s.close.completeAtCentre ? t('days.complete.yes') : t('days.complete.no')) : t('days.notClosed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <BreakdownTable
            caption={t('days.services.caption')}
            csv={<CsvLink date={date} table="services" label={t('days.services.csv')} />}
            columns={[t('days.services.columns.vanAndStop'), t('days.services.columns.service'), t('days.services.columns.count'), t('days.services.columns.revenue')]}
            stops={stops}
            rows={(s) => s.byService}
          />
          <BreakdownTable
            caption={t('days.payments.caption')}
            csv={<CsvLink date={date} table="payments" label={t('days.payments.csv')} />}
            columns={[t('days.payments.columns.vanAndStop'), t('days.payments.columns.paymentMethod'), t('days.payments.columns.count'), t('days.payments.columns.revenue')]}
            stops={stops}
            rows={(s) => s.byPaymentMethod}
          />
          <table>
            <caption>
              {t('days.neighbourhoods.caption')} <CsvLink date={date} table="neighbourhoods" label={t('days.neighbourhoods.csv')} />
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('days.neighbourhoods.columns.neighbourhood')}</th>
                <th scope="col">{t('days.neighbourhoods.columns.stops')}</th>
                <th scope="col">{t('days.neighbourhoods.columns.transactions')}</th>
                <th scope="col">{t('days.neighbourhoods.columns.revenue')}</th>
                <th scope="col">{t('days.neighbourhoods.columns.voids')}</th>
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
