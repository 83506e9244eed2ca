/** A plain SVG bar chart: readable at kiosk distance, high-contrast friendly (currentColor), with its data as a table for screen readers. */
export function BarChart(props: { title: string; rows: { label: string; value: number }[]; format?: (value: number) => string; testId?: string }) {
  const format = props.format ?? String;
  const max = Math.max(1, ...props.rows.map((r) => r.value));
  const barHeight = 28;
  const gap = 8;
  const labelWidth = 250;
  const width = 640;
  const height = Math.max(1, props.rows.length) * (barHeight + gap);
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      {props.rows.length === 0 ? (
        <p>No data yet.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title} className="chart-svg">
          {props.rows.map((row, i) => {
            const y = i * (barHeight + gap);
            const w = ((width - labelWidth - 90) * row.value) / max;
            return (
              <g key={row.label}>
                <text x={labelWidth - 8} y={y + barHeight * 0.7} textAnchor="end" className="chart-label">
                  {row.label.length > 30 ? `${row.label.slice(0, 29)}…` : row.label}
                </text>
                <rect x={labelWidth} y={y} width={Math.max(2, w)} height={barHeight} className="chart-bar" rx={4} />
                <text x={labelWidth + Math.max(2, w) + 6} y={y + barHeight * 0.7} className="chart-value">
                  {format(row.value)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      <table className="sr-only">
        <caption>{props.title}</caption>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{format(r.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
