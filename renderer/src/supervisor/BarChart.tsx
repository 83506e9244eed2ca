import { useStaffT } from '../i18n/staff';

/**
 * A bar chart a supervisor can read: HTML rows, not a scaled SVG, so labels keep their 16 px whatever the card's width,
 * wrap between words (never cut mid-word), and high-contrast mode applies. The same figures follow in a table.
 */
export function BarChart(props: { title: string; rows: { label: string; value: number }[]; format?: (value: number) => string; testId?: string }) {
  const t = useStaffT();
  const format = props.format ?? String;
  const max = Math.max(1, ...props.rows.map((r) => r.value));
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      {props.rows.length === 0 ? (
        <p>{t('chart.noData')}</p>
      ) : (
        // The bars repeat the table below for the eye; screen readers read the table.
        <div className="chart-rows" aria-hidden="true">
          {props.rows.map((row) => (
            <div className="chart-row" key={row.label}>
              <span className="chart-label">{row.label}</span>
              <span className="chart-track">
                <span className="chart-bar" style={{ width: `${Math.max(1, (100 * row.value) / max)}%` }} />
              </span>
              <span className="chart-value">{format(row.value)}</span>
            </div>
          ))}
        </div>
      )}
      {props.rows.length > 0 && (
        <table className="figures chart-table">
          <caption className="sr-only">{props.title}</caption>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{format(r.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
