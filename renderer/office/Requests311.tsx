import { useEffect, useRef, useState, type FormEvent } from 'react';
import { officeRoleAllows } from '../../shared';
import { api, ApiError } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useLoad } from './useLoad';
import { DataTable, SavedLine, ProblemLine, counted } from './parts';

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

  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="sr-status">Status</label>
        <select id="sr-status" value={status} onChange={(e) => setStatus(e.target.value as '' | 'open' | 'closed')}>
          <option value="open">Open</option>
          <option value="closed">Closed</option>
          <option value="">All</option>
        </select>
      </form>
      <SavedLine message={saved} />
      <ProblemLine error={error} />
      {data && (
        <DataTable caption={counted(data.requests.length, 'request', 'requests')} columns={['Reference', 'Filed', 'Service', 'Where', 'What was reported', 'Status', 'Status notes', canAct && 'Contact', canAct && 'Act']}>
          {data.requests.map((r) => {
            const reference = r.localReference ?? r.id.slice(0, 8);
            return (
              <tr key={r.id}>
                <th scope="row">{reference}</th>
                <td>{cityDateTime(r.requestedAt, tz)}</td>
                <td>{r.serviceName}</td>
                <td>{r.addressString || '—'}</td>
                <td>{r.description}</td>
                <td>{r.status === 'open' ? 'Open' : 'Closed'}</td>
                <td>
                  {r.statusNotes ?? '—'}
                  {r.updatedAt !== r.requestedAt && <span className="muted"> (updated {cityDateTime(r.updatedAt, tz)})</span>}
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
                      Update {reference}
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

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api('PATCH', `/v1/office/service-requests/${request.id}`, { status, statusNotes: notes.trim() || null });
      onClose(`${reference} saved: ${status === 'open' ? 'open' : 'closed'}.`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <dialog ref={dialog} aria-labelledby="sr-dialog-title" onCancel={() => onClose(null)}>
      <form onSubmit={submit}>
        <h2 id="sr-dialog-title">Update {reference}</h2>
        <p>
          {request.serviceName}: {request.description}
        </p>
        <fieldset>
          <legend>Status</legend>
          <label>
            <input type="radio" name="status" value="open" checked={status === 'open'} onChange={() => setStatus('open')} /> Open
          </label>
          <label>
            <input type="radio" name="status" value="closed" checked={status === 'closed'} onChange={() => setStatus('closed')} /> Closed
          </label>
        </fieldset>
        <label htmlFor="sr-notes">Status notes (public on Open311 and at the kiosk)</label>
        <textarea id="sr-notes" maxLength={1000} rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />
        <ProblemLine error={error} />
        <div className="actions">
          <button type="submit">Save</button>
          <button type="button" onClick={() => onClose(null)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
