import { useId, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { kpiDimensions, kpiGroupings, type KpiDimension, type KpiGrouping, type KpiPeriod, type KpiResponse, type KpiRow } from '../../shared';
import { api } from './api';
import type { SectionProps } from './App';
import { addDays, cityToday, duration } from './format';
import { officeT, useOfficeT } from './i18n';
import { useLoad } from './useLoad';

type Measure = Exclude<keyof KpiRow, 'period' | 'key'>;
type Totals = KpiPeriod['totals'];

const percent = (v: number) => `${(100 * v).toFixed(1)} %`;
/** What the console can chart, how it reads, and the number a bar is drawn from (minutes for times). */
const MEASURES: { key: Measure; label: () => string; format: (v: number) => string; bar: (v: number) => number; unit: () => string }[] = [
  { key: 'residentsServed', label: () => officeT('kpis.measures.residentsServed.label'), format: String, bar: (v) => v, unit: () => officeT('kpis.measures.residentsServed.unit') },
  { key: 'tickets', label: () => officeT('kpis.measures.tickets.label'), format: String, bar: (v) => v, unit: () => officeT('kpis.measures.tickets.unit') },
  { key: 'waitMedianSeconds', label: () => officeT('kpis.measures.waitMedianSeconds.label'), format: duration, bar: (v) => v / 60, unit: () => officeT('kpis.measures.waitMedianSeconds.unit') },
  { key: 'waitP90Seconds', label: () => officeT('kpis.measures.waitP90Seconds.label'), format: duration, bar: (v) => v / 60, unit: () => officeT('kpis.measures.waitP90Seconds.unit') },
  { key: 'serviceMedianSeconds', label: () => officeT('kpis.measures.serviceMedianSeconds.label'), format: duration, bar: (v) => v / 60, unit: () => officeT('kpis.measures.serviceMedianSeconds.unit') },
  { key: 'serviceP90Seconds', label: () => officeT('kpis.measures.serviceP90Seconds.label'), format: duration, bar: (v) => v / 60, unit: () => officeT('kpis.measures.serviceP90Seconds.unit') },
  { key: 'satisfactionAverage', label: () => officeT('kpis.measures.satisfactionAverage.label'), format: (v) => v.toFixed(2), bar: (v) => v, unit: () => officeT('kpis.measures.satisfactionAverage.unit') },
  { key: 'responseRate', label: () => officeT('kpis.measures.responseRate.label'), format: percent, bar: (v) => 100 * v, unit: () => officeT('kpis.measures.responseRate.unit') },
  { key: 'surveys', label: () => officeT('kpis.measures.surveys.label'), format: String, bar: (v) => v, unit: () => officeT('kpis.measures.surveys.unit') },
  { key: 'requests311', label: () => officeT('kpis.measures.requests311.label'), format: String, bar: (v) => v, unit: () => officeT('kpis.measures.requests311.unit') },
  { key: 'cityAnswers', label: () => officeT('kpis.measures.cityAnswers.label'), format: String, bar: (v) => v, unit: () => officeT('kpis.measures.cityAnswers.unit') },
];

/** A grouping's name on its own, inside a sentence ("by week (from Monday)"), and short ("KPIs by week"). */
const GROUPING_LABEL: Record<KpiGrouping, { label: () => string; inSentence: () => string; short: () => string }> = {
  day: { label: () => officeT('kpis.groupings.day.label'), inSentence: () => officeT('kpis.groupings.day.inSentence'), short: () => officeT('kpis.groupings.day.short') },
  week: { label: () => officeT('kpis.groupings.week.label'), inSentence: () => officeT('kpis.groupings.week.inSentence'), short: () => officeT('kpis.groupings.week.short') },
  month: { label: () => officeT('kpis.groupings.month.label'), inSentence: () => officeT('kpis.groupings.month.inSentence'), short: () => officeT('kpis.groupings.month.short') },
};
/** A dimension's name on its own and inside a sentence ("for each van"). */
const DIMENSION_LABEL: Record<KpiDimension, { label: () => string; inSentence: () => string }> = {
  van: { label: () => officeT('kpis.dimensions.van.label'), inSentence: () => officeT('kpis.dimensions.van.inSentence') },
  neighbourhood: { label: () => officeT('kpis.dimensions.neighbourhood.label'), inSentence: () => officeT('kpis.dimensions.neighbourhood.inSentence') },
  service: { label: () => officeT('kpis.dimensions.service.label'), inSentence: () => officeT('kpis.dimensions.service.inSentence') },
};
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
  const t = useOfficeT();

  const problem =
    !validDate(from) || !validDate(to)
      ? t('kpis.problems.chooseDays')
      : from > to
        ? t('kpis.problems.firstAfterLast')
        : comparing && (!validDate(compareFrom) || !validDate(compareTo))
          ? t('kpis.problems.chooseComparedDays')
          : comparing && compareFrom > compareTo
            ? t('kpis.problems.comparedFirstAfterLast')
            : null;
  const query = new URLSearchParams({ from, to, grouping, dimension, ...(comparing ? { compareFrom, compareTo } : {}) }).toString();
  const { data, error } = useLoad(() => (problem ? Promise.resolve(null) : api<KpiResponse>('GET', `/v1/office/kpis?${query}`)), problem ? 'invalid' : query);
  const chosen = MEASURES.find((m) => m.key === measure)!;
  const current = data && !problem && data.period.from === from && data.period.to === to ? data : null;

  return (
    <>
      <form className="filters kpi-form" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="kpi-from">{t('kpis.filters.from')}</label>
        <input id="kpi-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="kpi-to">{t('kpis.filters.to')}</label>
        <input id="kpi-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <label htmlFor="kpi-grouping">{t('kpis.filters.groupBy')}</label>
        <select id="kpi-grouping" value={grouping} onChange={(e) => setGrouping(e.target.value as KpiGrouping)}>
          {kpiGroupings.map((g) => (
            <option key={g} value={g}>
              {GROUPING_LABEL[g].label()}
            </option>
          ))}
        </select>
        <label htmlFor="kpi-dimension">{t('kpis.filters.forEach')}</label>
        <select id="kpi-dimension" value={dimension} onChange={(e) => setDimension(e.target.value as KpiDimension)}>
          {kpiDimensions.map((d) => (
            <option key={d} value={d}>
              {DIMENSION_LABEL[d].label()}
            </option>
          ))}
        </select>
      </form>
      <form className="filters kpi-form" onSubmit={(e) => e.preventDefault()}>
        <label className="check">
          <input type="checkbox" checked={comparing} onChange={(e) => setComparing(e.target.checked)} /> {t('kpis.compare.toggle')}
        </label>
        {comparing && (
          <>
            <label htmlFor="kpi-compare-from">{t('kpis.compare.from')}</label>
            <input id="kpi-compare-from" type="date" value={compareFrom} onChange={(e) => setCompareFrom(e.target.value)} />
            <label htmlFor="kpi-compare-to">{t('kpis.compare.to')}</label>
            <input id="kpi-compare-to" type="date" value={compareTo} onChange={(e) => setCompareTo(e.target.value)} />
          </>
        )}
      </form>
      <form className="filters kpi-form" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="kpi-measure">{t('kpis.view.measure')}</label>
        <select id="kpi-measure" value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
          {MEASURES.map((m) => (
            <option key={m.key} value={m.key}>
              {m.label()}
            </option>
          ))}
        </select>
        <fieldset className="segmented">
          <legend>{t('kpis.view.showAs')}</legend>
          {(['chart', 'table'] as const).map((v) => (
            <label key={v}>
              <input type="radio" name="kpi-view" value={v} checked={view === v} onChange={() => setView(v)} /> {v === 'chart' ? t('kpis.view.chart') : t('kpis.view.table')}
            </label>
          ))}
        </fieldset>
      </form>
      <p className="muted">{t('kpis.explanation', { timeZone: data?.timeZone ?? session.cityTimeZone })}</p>
      {problem && <p role="alert">{problem}</p>}
      {error && <p role="alert">{error}</p>}
      {current && (
        <>
          <TotalsTable period={current.period} compare={current.compare} />
          <div className={current.compare ? 'side-by-side' : undefined}>
            {[current.period, ...(current.compare ? [current.compare] : [])].map((p, i) => (
              <section key={i} aria-labelledby={`kpi-period-${i}`}>
                <h2 id={`kpi-period-${i}`}>
                  {i === 0 ? t('kpis.periods.thisHeading', { from: p.from, to: p.to }) : t('kpis.periods.comparedHeading', { from: p.from, to: p.to })}
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
  const t = useOfficeT();
  const change = (m: (typeof MEASURES)[number], a: number | null, b: number | null) => {
    if (a === null || b === null) return '—';
    const d = a - b;
    if (d === 0) return t('kpis.totals.noChange');
    const sign = d > 0 ? '+' : '−';
    return `${sign}${m.format(Math.abs(Math.round(d * 10_000) / 10_000))}`;
  };
  const value = (totals: Totals, m: Measure) => totals[m];
  return (
    <table>
      <caption>
        {compare
          ? t('kpis.totals.captionCompared', { from: period.from, to: period.to, compareFrom: compare.from, compareTo: compare.to })
          : t('kpis.totals.caption', { from: period.from, to: period.to })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('kpis.totals.columns.measure')}</th>
          <th scope="col">{t('kpis.totals.columns.thisPeriod')}</th>
          {compare && <th scope="col">{t('kpis.totals.columns.comparedPeriod')}</th>}
          {compare && <th scope="col">{t('kpis.totals.columns.change')}</th>}
        </tr>
      </thead>
      <tbody>
        {MEASURES.map((m) => (
          <tr key={m.key}>
            <th scope="row">{m.label()}</th>
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
  const t = useOfficeT();
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
        {t('kpis.chart.caption', {
          measure: measure.label(),
          unit: measure.unit(),
          grouping: GROUPING_LABEL[grouping].inSentence(),
          dimension: DIMENSION_LABEL[dimension].inSentence(),
          from: period.from,
          to: period.to,
        })}
      </figcaption>
      {data.length === 0 ? (
        <p>{t('kpis.nothingRecorded')}</p>
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
  const t = useOfficeT();
  return (
    <div
      className="scroll"
      tabIndex={0}
      role="region"
      aria-label={t('kpis.rows.region', { grouping: GROUPING_LABEL[grouping].short(), dimension: DIMENSION_LABEL[dimension].inSentence(), from: period.from, to: period.to })}
    >
      <table>
        <caption>
          {t('kpis.rows.caption', { grouping: GROUPING_LABEL[grouping].inSentence(), dimension: DIMENSION_LABEL[dimension].inSentence(), from: period.from, to: period.to })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{GROUPING_LABEL[grouping].label()}</th>
            <th scope="col">{DIMENSION_LABEL[dimension].label()}</th>
            {MEASURES.map((m) => (
              <th scope="col" key={m.key}>
                {m.label()}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {period.rows.length === 0 && (
            <tr>
              <td colSpan={MEASURES.length + 2}>{t('kpis.nothingRecorded')}</td>
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
  const t = useOfficeT();
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
        {t('kpis.languages.caption', { from: period.from, to: period.to })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('kpis.languages.columns.language')}</th>
          <th scope="col">{t('kpis.languages.columns.tickets')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={2}>{t('kpis.languages.none')}</td>
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
