import { useEffect, useRef, useState, type FormEvent } from 'react';
import { officeRoleAllows } from '../../shared';
import { api, errorText } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useOfficeT } from './i18n';
import { useLoad } from './useLoad';
import { DataTable, SavedLine, ProblemLine } from './parts';

interface OfficeServiceRequest {
  id: string;
  localReference: string | null;
  source: 'kiosk' | 'open311';
  serviceName: string;
  description: string;
  addressString: string;
  status: 'open' | 'closed';
  statusNotes: string | null;
  requestedAt: string;
  updatedAt: string;
  contact: { firstName: string | null; lastName: string | null; phone: string | null; email: string | null } | null;
}

export function Requests311({ session }: SectionProps) {
  const [status, setStatus] = useState<'' | 'open' | 'closed'>('open');
  const { data, error, reload } = useLoad(
    () => api<{ requests: OfficeServiceRequest[] }>('GET', `/v1/office/service-requests${status ? `?status=${status}` : ''}`),
    status,
  );
  const [editing, setEditing] = useState<OfficeServiceRequest | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const canAct = officeRoleAllows(session.user.role, 'office');
  const tz = session.cityTimeZone;
  const t = useOfficeT();

  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="sr-status">{t('requests.status.label')}</label>
        <select id="sr-status" value={status} onChange={(e) => setStatus(e.target.value as '' | 'open' | 'closed')}>
          <option value="open">{t('requests.status.open')}</option>
          <option value="closed">{t('requests.status.closed')}</option>
          <option value="">{t('requests.status.all')}</option>
        </select>
      </form>
      <SavedLine message={saved} />
      <ProblemLine error={error} />
      {data && (
        <DataTable
          caption={t('requests.requests', { count: data.requests.length })}
          columns={[
            t('requests.columns.reference'),
            t('requests.columns.filed'),
            t('requests.columns.service'),
            t('requests.columns.where'),
            t('requests.columns.reported'),
            t('requests.columns.status'),
            t('requests.columns.statusNotes'),
            canAct && t('requests.columns.contact'),
            canAct && t('requests.columns.act'),
          ]}
        >
          {data.requests.map((r) => {
            const reference = r.localReference ?? r.id.slice(0, 8);
            return (
              <tr key={r.id}>
                <th scope="row">{reference}</th>
                <td>{cityDateTime(r.requestedAt, tz)}</td>
                <td>{r.serviceName}</td>
                <td>{r.addressString || '—'}</td>
                <td>{r.description}</td>
                <td>{r.status === 'open' ? t('requests.status.open') : t('requests.status.closed')}</td>
                <td>
                  {r.statusNotes ?? '—'}
                  {r.updatedAt !== r.requestedAt && <span className="muted"> {t('requests.updated', { date: cityDateTime(r.updatedAt, tz) })}</span>}
                </td>
                {canAct && (
                  <td>
                    {[r.contact?.firstName, r.contact?.lastName].filter(Boolean).join(' ') || '—'}
                    {r.contact?.phone && <div>{r.contact.phone}</div>}
                    {r.contact?.email && <div>{r.contact.email}</div>}
                  </td>
                )}
                {canAct && (
                  <td>
                    <button type="button" onClick={() => setEditing(r)}>
                      {t('requests.update', { reference })}
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </DataTable>
      )}
      {editing && (
        <UpdateDialog
          request={editing}
          onClose={(message) => {
            setEditing(null);
            if (message) {
              setSaved(message);
              reload();
            }
          }}
        />
      )}
    </>
  );
}

function UpdateDialog({ request, onClose }: { request: OfficeServiceRequest; onClose: (message: string | null) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState(request.status);
  const [notes, setNotes] = useState(request.statusNotes ?? '');
  const [error, setError] = useState<string | null>(null);
  const reference = request.localReference ?? request.id.slice(0, 8);
  const t = useOfficeT();

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api('PATCH', `/v1/office/service-requests/${request.id}`, { status, statusNotes: notes.trim() || null });
      onClose(status === 'open' ? t('requests.dialog.saved.open', { reference }) : t('requests.dialog.saved.closed', { reference }));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <dialog ref={dialog} aria-labelledby="sr-dialog-title" onCancel={() => onClose(null)}>
      <form onSubmit={submit}>
        <h2 id="sr-dialog-title">{t('requests.dialog.title', { reference })}</h2>
        <p>
          {request.serviceName}: {request.description}
        </p>
        <fieldset>
          <legend>{t('requests.dialog.status')}</legend>
          <label>
            <input type="radio" name="status" value="open" checked={status === 'open'} onChange={() => setStatus('open')} /> {t('requests.dialog.open')}
          </label>
          <label>
            <input type="radio" name="status" value="closed" checked={status === 'closed'} onChange={() => setStatus('closed')} /> {t('requests.dialog.closed')}
          </label>
        </fieldset>
        <label htmlFor="sr-notes">{t('requests.dialog.notes')}</label>
        <textarea id="sr-notes" maxLength={1000} rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />
        <ProblemLine error={error} />
        <div className="actions">
          <button type="submit">{t('requests.dialog.save')}</button>
          <button type="button" onClick={() => onClose(null)}>
            {t('requests.dialog.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
