import type { ReactNode } from 'react';

/** The pieces every console section repeats: its status line, its problem line and its data tables. */

/** What the last action did, read out by screen readers (empty, and hidden, until something is said). */
export function SavedLine({ message }: { message: ReactNode }) {
  return (
    <p role="status" className="saved">
      {message}
    </p>
  );
}

/** Why the section could not load or act, announced at once. */
export function ProblemLine({ error }: { error: string | null | undefined }) {
  return error ? <p role="alert">{error}</p> : null;
}

/** A table with its caption and column headers; `false` leaves a column out (e.g. "Act" for a reader). */
export function DataTable({ caption, columns, children }: { caption: ReactNode; columns: readonly (string | false)[]; children: ReactNode }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.filter((c): c is string => c !== false).map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
