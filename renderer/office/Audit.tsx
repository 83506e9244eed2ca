import { useState } from 'react';
import type { AuditEntry } from '../../shared';
import { api } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useOfficeT } from './i18n';
import { useLoad } from './useLoad';
import { DataTable, ProblemLine } from './parts';

export function Audit({ session }: SectionProps) {
  const [action, setAction] = useState('');
  const t = useOfficeT();
  const { data, error } = useLoad(() => api<{ entries: AuditEntry[] }>('GET', `/v1/office/audit?limit=200${action ? `&action=${encodeURIComponent(action)}` : ''}`), action);
  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="audit-action">{t('audit.what')}</label>
        <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">{t('audit.actions.everything')}</option>
          <option value="office_user.created">{t('audit.actions.accountsCreated')}</option>
          <option value="office_user.updated">{t('audit.actions.accountsChanged')}</option>
          <option value="office_user.locked">{t('audit.actions.accountsLocked')}</option>
          <option value="service_request.status_updated">{t('audit.actions.requestUpdates')}</option>
          <option value="enrolment_code.created">{t('audit.actions.enrolmentCodes')}</option>
          <option value="device.revoked">{t('audit.actions.vansRevoked')}</option>
          <option value="session.signed_in">{t('audit.actions.signIns')}</option>
          <option value="session.sign_in_refused">{t('audit.actions.refusedSignIns')}</option>
        </select>
      </form>
      <ProblemLine error={error} />
      {data && (
        <DataTable caption={t('audit.caption', { count: data.entries.length })}
          columns={[t('audit.columns.when'), t('audit.columns.who'), t('audit.columns.what'), t('audit.columns.on'), t('audit.columns.details')]}>
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
