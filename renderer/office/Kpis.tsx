import { useId, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { kpiDimensions, kpiGroupings, type KpiDimension, type KpiGrouping, type KpiPeriod, type KpiResponse, type KpiRow } from '../../shared';
import { api } from './api';
import type { SectionProps } from './App';
import { addDays, cityToday, duration } from './format';
import { useLoad } from './useLoad';

type Measure = Exclude<keyof KpiRow, 'period' | 'key'>;
type Totals = KpiPeriod['totals'];

const percent = (v: number) => `${(100 * v).toFixed(1)} %`;
/** What the console can chart, how it reads, and the number a bar is drawn from (minutes for times). */
const MEASURES: { key: Measure; label: string; format: (v: number) => string; bar: (v: number) => number; unit: string }[] = [
  { key: 'residentsServed', label: 'Residents served', format: String, bar: (v) => v, unit: 'residents' },
  { key: 'tickets', label: 'Tickets', format: String, bar: (v) => v, unit: 'tickets' },
  { key: 'waitMedianSeconds', label: 'Median wait', format: duration, bar: (v) => v / 60, unit: 'minutes' },
  { key: 'waitP90Seconds', label: '90th percentile wait', format: duration, bar: (v) => v / 60, unit: 'minutes' },
  { key: 'serviceMedianSeconds', label: 'Median service time', format: duration, bar: (v) => v / 60, unit: 'minutes' },
  { key: 'serviceP90Seconds', label: '90th percentile service time', format: duration, bar: (v) => v / 60, unit: 'minutes' },
  { key: 'satisfactionAverage', label: 'Satisfaction (average of 1–5)', format: (v) => v.toFixed(2), bar: (v) => v, unit: 'out of 5' },
  { key: 'responseRate', label: 'Survey response rate', format: percent, bar: (v) => 100 * v, unit: '% of residents served' },
  { key: 'surveys', label: 'Survey answers', format: String, bar: (v) => v, unit: 'answers' },
  { key: 'requests311', label: '311 requests filed', format: String, bar: (v) => v, unit: 'requests' },
  { key: 'cityAnswers', label: '“Tell the city” answers', format: String, bar: (v) => v, unit: 'answers' },
];

const GROUPING_LABEL: Record<KpiGrouping, string> = { day: 'Day', week: 'Week (from Monday)', month: 'Month' };
const DIMENSION_LABEL: Record<KpiDimension, string> = { van: 'Van', neighbourhood: 'Neighbourhood', service: 'Service' };
/** Bar colours with at least 3:1 contrast on white, told apart by the legend and the table too. */
const COLOURS = ['#0b4f9c', '#b35900', '#1c6b2f', '#8a1c7c', '#5a6570', '#9b1c1c', '#00707a', '#6b4f00'];

const show = (m: (typeof MEASURES)[number], value: number | null) => (value === null ? '—' : m.format(value));
const validDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);

export function Kpis({ session }: SectionProps) {
  const today = cityToday(session.cityTimeZone);
  const [from, setFrom] = useState(() => addDays(today, -27));
  const [to, setTo] = useState(today);
  const [grouping, setGrouping] = useState<KpiGrouping>('week');
  const [dimension, setDimension] = useState<KpiDimension>('van');
  const [comparing, setComparing] = useState(false);
  const [compareFrom, setCompareFrom] = useState(() => addDays(today, -55));
  const [compareTo, setCompareTo] = useState(() => addDays(today, -28));
  const [measure, setMeasure] = useState<Measure>('residentsServed');
  const [view, setView] = useState<'chart' | 'table'>('chart');

  const problem =
    !validDate(from) || !validDate(to)
      ? 'Choose the first and last day of the period.'
      : from > to
        ? 'The period’s first day is after its last day.'
        : comparing && (!validDate(compareFrom) || !validDate(compareTo))
          ? 'Choose the first and last day of the compared period.'
          : comparing && compareFrom > compareTo
            ? 'The compared period’s first day is after its last day.'
            : null;
  const query = new URLSearchParams({ from, to, grouping, dimension, ...(comparing ? { compareFrom, compareTo } : {}) }).toString();
  const { data, error } = useLoad(() => (problem ? Promise.resolve(null) : api<KpiResponse>('GET', `/v1/office/kpis?${query}`)), problem ? 'invalid' : query);
  const chosen = MEASURES.find((m) => m.key === measure)!;
  const current = data && !problem && data.period.from === from && data.period.to === to ? data : null;

  return (
    <>
      <form className="filters kpi-form" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="kpi-from">From</label>
        <input id="kpi-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="kpi-to">To</label>
        <input id="kpi-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <label htmlFor="kpi-grouping">Group by</label>
        <select id="kpi-grouping" value={grouping} onChange={(e) => setGrouping(e.target.value as KpiGrouping)}>
          {kpiGroupings.map((g) => (
            <option key={g} value={g}>
              {GROUPING_LABEL[g]}
            </option>
          ))}
        </select>
        <label htmlFor="kpi-dimension">For each</label>
        <select id="kpi-dimension" value={dimension} onChange={(e) => setDimension(e.target.value as KpiDimension)}>
          {kpiDimensions.map((d) => (
            <option key={d} value={d}>
              {DIMENSION_LABEL[d]}
            </option>
          ))}
        </select>
      </form>
      <form className="filters kpi-form" onSubmit={(e) => e.preventDefault()}>
        <label className="check">
          <input type="checkbox" checked={comparing} onChange={(e) => setComparing(e.target.checked)} /> Compare with another period
        </label>
        {comparing && (
          <>
            <label htmlFor="kpi-compare-from">Compared from</label>
            <input id="kpi-compare-from" type="date" value={compareFrom} onChange={(e) => setCompareFrom(e.target.value)} />
            <label htmlFor="kpi-compare-to">Compared to</label>
            <input id="kpi-compare-to" type="date" value={compareTo} onChange={(e) => setCompareTo(e.target.value)} />
          </>
        )}
      </form>
      <form className="filters kpi-form" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="kpi-measure">Chart shows</label>
        <select id="kpi-measure" value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
          {MEASURES.map((m) => (
            <option key={m.key} value={m.key}>
              {m.label}
            </option>
          ))}
        </select>
        <fieldset className="segmented">
          <legend>Show as</legend>
          {(['chart', 'table'] as const).map((v) => (
            <label key={v}>
              <input type="radio" name="kpi-view" value={v} checked={view === v} onChange={() => setView(v)} /> {v === 'chart' ? 'Chart' : 'Table'}
            </label>
          ))}
        </fieldset>
      </form>
      <p className="muted">City days in {data?.timeZone ?? session.cityTimeZone}. Waits run from the ticket to its first call; service from the call to served.</p>
      {problem && <p role="alert">{problem}</p>}
      {error && <p role="alert">{error}</p>}
      {current && (
        <>
          <TotalsTable period={current.period} compare={current.compare} />
          <div className={current.compare ? 'side-by-side' : undefined}>
            {[current.period, ...(current.compare ? [current.compare] : [])].map((p, i) => (
              <section key={i} aria-labelledby={`kpi-period-${i}`}>
                <h2 id={`kpi-period-${i}`}>
                  {i === 0 ? 'This period' : 'Compared period'}: {p.from} to {p.to}
                </h2>
                {view === 'chart' ? (
                  <KpiChart period={p} measure={chosen} grouping={grouping} dimension={dimension} />
                ) : (
                  <RowsTable period={p} grouping={grouping} dimension={dimension} />
                )}
                <LanguagesTable period={p} />
              </section>
            ))}
          </div>
        </>
      )}
    </>
  );
}

function TotalsTable({ period, compare }: { period: KpiPeriod; compare: KpiPeriod | null }) {
  const change = (m: (typeof MEASURES)[number], a: number | null, b: number | null) => {
    if (a === null || b === null) return '—';
    const d = a - b;
    if (d === 0) return 'no change';
    const sign = d > 0 ? '+' : '−';
    return `${sign}${m.format(Math.abs(Math.round(d * 10_000) / 10_000))}`;
  };
  const value = (t: Totals, m: Measure) => t[m];
  return (
    <table>
      <caption>
        Totals, {period.from} to {period.to}
        {compare && ` compared with ${compare.from} to ${compare.to}`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Measure</th>
          <th scope="col">This period</th>
          {compare && <th scope="col">Compared period</th>}
          {compare && <th scope="col">Change</th>}
        </tr>
      </thead>
      <tbody>
        {MEASURES.map((m) => (
          <tr key={m.key}>
            <th scope="row">{m.label}</th>
            <td>{show(m, value(period.totals, m.key))}</td>
            {compare && <td>{show(m, value(compare.totals, m.key))}</td>}
            {compare && <td>{change(m, value(period.totals, m.key), value(compare.totals, m.key))}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function KpiChart({ period, measure, grouping, dimension }: { period: KpiPeriod; measure: (typeof MEASURES)[number]; grouping: KpiGrouping; dimension: KpiDimension }) {
  const captionId = useId();
  const keys = [...new Set(period.rows.map((r) => r.key))].sort();
  const byPeriod = new Map<string, Record<string, string | number>>();
  for (const r of period.rows) {
    const entry = byPeriod.get(r.period) ?? { period: r.period };
    const v = r[measure.key];
    if (v !== null) entry[r.key] = Math.round(measure.bar(v) * 100) / 100;
    byPeriod.set(r.period, entry);
  }
  const data = [...byPeriod.values()];
  return (
    <figure className="kpi-chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        Chart: {measure.label} ({measure.unit}) by {GROUPING_LABEL[grouping].toLowerCase()} for each {DIMENSION_LABEL[dimension].toLowerCase()}, {period.from} to {period.to}.
        Choose “Table” to read the numbers.
      </figcaption>
      {data.length === 0 ? (
        <p>Nothing recorded in this period.</p>
      ) : (
        // The bars repeat the table's numbers for the eye; a screen reader reads the table (Show as: Table).
        <div aria-hidden="true" className="kpi-chart-area">
          <ResponsiveContainer width="100%" height={320}>
            <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#d5dbe1" />
              <XAxis dataKey="period" tick={{ fill: '#1b1f24', fontSize: 13 }} />
              <YAxis tick={{ fill: '#1b1f24', fontSize: 13 }} />
              <Legend />
              {keys.map((k, i) => (
                <Bar key={k} dataKey={k} name={k} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

function RowsTable({ period, grouping, dimension }: { period: KpiPeriod; grouping: KpiGrouping; dimension: KpiDimension }) {
  return (
    <div className="scroll" tabIndex={0} role="region" aria-label={`KPIs by ${grouping} and ${dimension}, ${period.from} to ${period.to}`}>
      <table>
        <caption>
          By {GROUPING_LABEL[grouping].toLowerCase()} and {DIMENSION_LABEL[dimension].toLowerCase()}, {period.from} to {period.to}
        </caption>
        <thead>
          <tr>
            <th scope="col">{GROUPING_LABEL[grouping]}</th>
            <th scope="col">{DIMENSION_LABEL[dimension]}</th>
            {MEASURES.map((m) => (
              <th scope="col" key={m.key}>
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {period.rows.length === 0 && (
            <tr>
              <td colSpan={MEASURES.length + 2}>Nothing recorded in this period.</td>
            </tr>
          )}
          {period.rows.map((r) => (
            <tr key={`${r.period}|${r.key}`}>
              <th scope="row">{r.period}</th>
              <th scope="row">{r.key}</th>
              {MEASURES.map((m) => (
                <td key={m.key}>{show(m, r[m.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LanguagesTable({ period }: { period: KpiPeriod }) {
  const totals = new Map<string, number>();
  for (const l of period.languages) totals.set(l.language, (totals.get(l.language) ?? 0) + l.tickets);
  const rows = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  const name = (tag: string) => {
    try {
      return names.of(tag) ?? tag;
    } catch {
      return tag;
    }
  };
  return (
    <table>
      <caption>
        Languages used at the touchscreen, {period.from} to {period.to}
      </caption>
      <thead>
        <tr>
          <th scope="col">Language</th>
          <th scope="col">Tickets taken</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={2}>No tickets taken at the touchscreen.</td>
          </tr>
        )}
        {rows.map(([tag, n]) => (
          <tr key={tag}>
            <th scope="row">
              {name(tag)} <span className="muted">({tag})</span>
            </th>
            <td>{n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
