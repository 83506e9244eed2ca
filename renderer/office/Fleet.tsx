import { useState, type FormEvent } from 'react';
import { officeRoleAllows } from '../../shared';
import { api, ApiError, errorText } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useLoad } from './useLoad';

interface FleetDevice {
  id: string;
  vanName: string;
  createdAt: string;
  revokedAt: string | null;
  contiguousSeq: number;
  latestReceivedAt: string | null;
  rejectedCount: number;
  lastContactAt: string | null;
  status: null | {
    pendingTransactions: number;
    pendingOtherRecords: number;
    oldestPendingAt: string | null;
    appVersion: string;
    storageUsedBytes: number | null;
    storageQuotaBytes: number | null;
    reportedAt: string;
  };
  behind: boolean;
}

interface RejectedRecord {
  deviceId: string;
  vanName: string;
  seq: number;
  id: string;
  code: string;
  message: string;
  receivedAt: string;
}

export function Fleet({ session }: SectionProps) {
  const [behindHours, setBehindHours] = useState(4);
  const fleet = useLoad(() => api<{ devices: FleetDevice[] }>('GET', `/v1/office/fleet?behindMinutes=${behindHours * 60}`), String(behindHours));
  const rejected = useLoad(() => api<{ rejected: RejectedRecord[] }>('GET', '/v1/office/rejected'), 'rejected');
  const [message, setMessage] = useState<string | null>(null);
  const isAdmin = officeRoleAllows(session.user.role, 'admin');
  const tz = session.cityTimeZone;

  const [reenrolment, setReenrolment] = useState<EnrolmentCode | null>(null);

  async function act(path: string, done: string) {
    try {
      const answer = await api<EnrolmentCode | object>('POST', path, path.endsWith('enrolment-code') ? {} : undefined);
      if ('code' in answer) setReenrolment(answer);
      setMessage(done);
      fleet.reload();
    } catch (e) {
      setMessage(errorText(e));
    }
  }

  async function revoke(device: FleetDevice) {
    if (!window.confirm(`Revoke ${device.vanName}? Its kiosk stops syncing until it is enrolled again.`)) return;
    await act(`/v1/office/devices/${device.id}/revoke`, `${device.vanName} is revoked.`);
  }

  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="behind-hours">Flag vans silent for more than (hours)</label>
        <input id="behind-hours" type="number" min={1} max={720} value={behindHours} onChange={(e) => setBehindHours(Math.max(1, Number(e.target.value) || 1))} />
      </form>
      <p role="status" className="saved">
        {message}
      </p>
      {fleet.error && <p role="alert">{fleet.error}</p>}
      {fleet.data && (
        <table>
          <caption>{fleet.data.devices.length === 1 ? '1 van' : `${fleet.data.devices.length} vans`}</caption>
          <thead>
            <tr>
              <th scope="col">Van</th>
              <th scope="col">Last contact</th>
              <th scope="col">Latest record received</th>
              <th scope="col">Records answered</th>
              <th scope="col">Not yet received</th>
              <th scope="col">App version</th>
              <th scope="col">Storage used</th>
              <th scope="col">Refused</th>
              <th scope="col">State</th>
              {isAdmin && <th scope="col">Act</th>}
            </tr>
          </thead>
          <tbody>
            {fleet.data.devices.map((d) => (
              <tr key={d.id} className={d.behind ? 'behind' : undefined}>
                <th scope="row">
                  {d.vanName}
                  <div className="muted">{d.id}</div>
                </th>
                <td>{d.lastContactAt ? cityDateTime(d.lastContactAt, tz) : 'Never'}</td>
                <td>{d.latestReceivedAt ? cityDateTime(d.latestReceivedAt, tz) : 'Nothing yet'}</td>
                <td>{d.contiguousSeq}</td>
                <td>
                  {d.status
                    ? `${d.status.pendingTransactions} transactions, ${d.status.pendingOtherRecords} other records${d.status.oldestPendingAt ? ` (oldest from ${cityDateTime(d.status.oldestPendingAt, tz)})` : ''}`
                    : 'Not reported yet'}
                </td>
                <td>{d.status ? d.status.appVersion : 'Not reported yet'}</td>
                <td>
                  {d.status?.storageUsedBytes != null
                    ? `${Math.round(d.status.storageUsedBytes / 1_048_576)} MB${d.status.storageQuotaBytes ? ` of ${Math.round(d.status.storageQuotaBytes / 1_048_576)} MB` : ''}`
                    : 'Not reported yet'}
                </td>
                <td>{d.rejectedCount}</td>
                <td>{d.revokedAt ? `Revoked ${cityDateTime(d.revokedAt, tz)}` : d.behind ? <strong>Behind</strong> : 'Active'}</td>
                {isAdmin && (
                  <td>
                    <div className="actions">
                      {!d.revokedAt && (
                        <button type="button" onClick={() => revoke(d)}>
                          Revoke {d.vanName}
                        </button>
                      )}
                      {!d.revokedAt && (
                        <button type="button" onClick={() => act(`/v1/office/devices/${d.id}/enrolment-code`, `A re-enrolment code for ${d.vanName} is below.`)}>
                          Re-enrol {d.vanName}
                        </button>
                      )}
                      {d.revokedAt && (
                        <button type="button" onClick={() => act(`/v1/office/devices/${d.id}/unrevoke`, `${d.vanName} is no longer revoked: its kiosk syncs again.`)}>
                          Un-revoke {d.vanName}
                        </button>
                      )}
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin && reenrolment && (
        <section aria-labelledby="reenrol-title">
          <h2 id="reenrol-title">Re-enrol {reenrolment.vanName}</h2>
          <EnrolmentCodeShown made={reenrolment} timeZone={tz} note="This code enrols this van's device only (a replaced or wiped laptop keeps its id and records)." />
        </section>
      )}
      {isAdmin && <Enrol onEnrolled={fleet.reload} timeZone={tz} />}
      <h2>Refused records</h2>
      {rejected.data && (
        <table>
          <caption>{rejected.data.rejected.length === 1 ? '1 refused record' : `${rejected.data.rejected.length} refused records`} across the fleet</caption>
          <thead>
            <tr>
              <th scope="col">Van</th>
              <th scope="col">Record</th>
              <th scope="col">Code</th>
              <th scope="col">Why</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          <tbody>
            {rejected.data.rejected.map((r) => (
              <tr key={`${r.deviceId}:${r.seq}`}>
                <th scope="row">{r.vanName}</th>
                <td>#{r.seq}</td>
                <td>
                  <code>{r.code}</code>
                </td>
                <td>{r.message}</td>
                <td>{cityDateTime(r.receivedAt, tz)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Enrol({ onEnrolled, timeZone }: { onEnrolled: () => void; timeZone: string }) {
  const [vanName, setVanName] = useState('');
  const [made, setMade] = useState<EnrolmentCode | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setMade(await api('POST', '/v1/office/enrolment-codes', { vanName }));
      onEnrolled();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <section aria-labelledby="enrol-title">
      <h2 id="enrol-title">Enrol a van</h2>
      <form onSubmit={submit} className="inline">
        <label htmlFor="enrol-van">Van name</label>
        <input id="enrol-van" value={vanName} onChange={(e) => setVanName(e.target.value)} required maxLength={100} />
        <button type="submit">Make an enrolment code</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {made && <EnrolmentCodeShown made={made} timeZone={timeZone} />}
    </section>
  );
}

interface EnrolmentCode {
  code: string;
  vanName: string;
  expiresAt: string;
  qrSvg: string;
}

function EnrolmentCodeShown({ made, timeZone, note }: { made: EnrolmentCode; timeZone: string; note?: string }) {
  return (
    <div className="enrolment" role="status">
      <p>
        One-time code for <strong>{made.vanName}</strong>: <code className="code">{made.code}</code>
      </p>
      <p>Valid once, until {cityDateTime(made.expiresAt, timeZone)}. Type it or scan it on the kiosk's first-run screen.</p>
      {note && <p>{note}</p>}
      <img src={`data:image/svg+xml;base64,${btoa(made.qrSvg)}`} alt={`QR code of the enrolment code ${made.code}`} width={180} height={180} />
    </div>
  );
}
