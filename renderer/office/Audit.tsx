import { useState } from 'react';
import type { AuditEntry } from '../../shared';
import { api } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useLoad } from './useLoad';
import { DataTable, ProblemLine } from './parts';

export function Audit({ session }: SectionProps) {
  const [action, setAction] = useState('');
  const { data, error } = useLoad(() => api<{ entries: AuditEntry[] }>('GET', `/v1/office/audit?limit=200${action ? `&action=${encodeURIComponent(action)}` : ''}`), action);
  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="audit-action">What</label>
        <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">Everything</option>
          <option value="office_user.created">Accounts created</option>
          <option value="office_user.updated">Accounts changed</option>
          <option value="office_user.locked">Accounts locked</option>
          <option value="service_request.status_updated">311 updates</option>
          <option value="enrolment_code.created">Enrolment codes</option>
          <option value="device.revoked">Vans revoked</option>
          <option value="session.signed_in">Sign-ins</option>
          <option value="session.sign_in_refused">Refused sign-ins</option>
        </select>
      </form>
      <ProblemLine error={error} />
      {data && (
        <DataTable caption={`${data.entries.length} entries, newest first`} columns={['When', 'Who', 'What', 'On', 'Details']}>
          {data.entries.map((e) => (
            <tr key={e.id}>
              <td>{cityDateTime(e.at, session.cityTimeZone)}</td>
              <td>{e.actor}</td>
              <th scope="row">{e.action}</th>
              <td>{e.target}</td>
              <td>
                <code>{Object.keys(e.detail).length ? JSON.stringify(e.detail) : '—'}</code>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
