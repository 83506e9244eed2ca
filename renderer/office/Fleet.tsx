import { useState, type FormEvent } from 'react';
import { officeRoleAllows } from '../../shared';
import { api, ApiError, errorText } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useLoad } from './useLoad';
import { DataTable, SavedLine, ProblemLine, counted } from './parts';

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
  /** The release the office pinned this van to (issue 19); null: it follows the releases and their rollouts. */
  pinnedVersion: string | null;
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

  async function act(path: string, done: string, method: 'POST' | 'DELETE' = 'POST') {
    try {
      const answer = await api<EnrolmentCode | object>(method, path, path.endsWith('enrolment-code') ? {} : undefined);
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
      <SavedLine message={message} />
      <ProblemLine error={fleet.error} />
      {fleet.data && (
        <DataTable caption={counted(fleet.data.devices.length, 'van', 'vans')} columns={['Van', 'Last contact', 'Latest record received', 'Records answered', 'Not yet received', 'App version', 'Pinned to', 'Storage used', 'Refused', 'State', isAdmin && 'Act']}>
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
              <td>{d.pinnedVersion ?? 'Follows releases'}</td>
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
                    {d.pinnedVersion && (
                      <button type="button" onClick={() => act(`/v1/office/devices/${d.id}/pinned-version`, `${d.vanName} is unpinned: it follows the releases again.`, 'DELETE')}>
                        Unpin {d.vanName}
                      </button>
                    )}
                  </div>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {isAdmin && reenrolment && (
        <section aria-labelledby="reenrol-title">
          <h2 id="reenrol-title">Re-enrol {reenrolment.vanName}</h2>
          <EnrolmentCodeShown made={reenrolment} timeZone={tz} note="This code enrols this van's device only (a replaced or wiped laptop keeps its id and records)." />
        </section>
      )}
      {isAdmin && <Enrol onEnrolled={fleet.reload} timeZone={tz} />}
      <AppUpdates vans={fleet.data?.devices.filter((d) => !d.revokedAt) ?? []} isAdmin={isAdmin} timeZone={tz} onPinned={fleet.reload} />
      <h2>Refused records</h2>
      {rejected.data && (
        <DataTable caption={<>{counted(rejected.data.rejected.length, 'refused record', 'refused records')} across the fleet</>} columns={['Van', 'Record', 'Code', 'Why', 'Received']}>
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
        </DataTable>
      )}
    </>
  );
}

interface ReleaseRollout {
  version: string;
  percentage: number;
  setAt: string;
  setBy: string;
}

/**
 * App updates set from the office (issue 19): pin a van to a release (its updater takes that one, even older, and no
 * other), and the share of vans each release is offered to. Everyone sees the rollouts; an admin changes them.
 */
function AppUpdates({ vans, isAdmin, timeZone, onPinned }: { vans: FleetDevice[]; isAdmin: boolean; timeZone: string; onPinned: () => void }) {
  const rollouts = useLoad(() => api<{ rollouts: ReleaseRollout[] }>('GET', '/v1/office/rollouts'), 'rollouts');
  const [pinVan, setPinVan] = useState('');
  const [pinVersion, setPinVersion] = useState('');
  const [release, setRelease] = useState('');
  const [share, setShare] = useState('');
  const [outcome, setOutcome] = useState<{ text: string; failed: boolean } | null>(null);

  async function change(run: () => Promise<unknown>, done: string, after: () => void) {
    try {
      await run();
      setOutcome({ text: done, failed: false });
      after();
    } catch (e) {
      setOutcome({ text: errorText(e), failed: true });
    }
  }

  function pin(event: FormEvent) {
    event.preventDefault();
    const van = vans.find((d) => d.id === pinVan);
    if (!van) return;
    void change(() => api('PUT', `/v1/office/devices/${van.id}/pinned-version`, { version: pinVersion.trim() }), `${van.vanName} is pinned to ${pinVersion.trim()}.`, onPinned);
  }

  function setRollout(event: FormEvent) {
    event.preventDefault();
    const version = release.trim();
    void change(
      () => api('PUT', `/v1/office/rollouts/${encodeURIComponent(version)}`, { percentage: Number(share) }),
      `${version} is offered to ${Number(share)}% of vans.`,
      rollouts.reload,
    );
  }

  return (
    <section aria-labelledby="updates-title">
      <h2 id="updates-title">App updates</h2>
      {outcome && (outcome.failed ? <p role="alert">{outcome.text}</p> : <p role="status">{outcome.text}</p>)}
      {isAdmin && (
        <form onSubmit={pin} className="inline" aria-label="Pin a van to a version">
          <label htmlFor="pin-van">Van to pin</label>
          <select id="pin-van" value={pinVan} onChange={(e) => setPinVan(e.target.value)} required>
            <option value="">Choose a van</option>
            {vans.map((d) => (
              <option key={d.id} value={d.id}>
                {d.vanName}
              </option>
            ))}
          </select>
          <label htmlFor="pin-version">Version to pin it to</label>
          <input id="pin-version" value={pinVersion} onChange={(e) => setPinVersion(e.target.value)} required maxLength={64} placeholder="1.4.2" />
          <button type="submit">Pin the van</button>
        </form>
      )}
      <ProblemLine error={rollouts.error} />
      {rollouts.data && (
        <DataTable
          caption={rollouts.data.rollouts.length === 0 ? 'No staged rollout set: each release goes to the share its update feed publishes' : counted(rollouts.data.rollouts.length, 'staged rollout', 'staged rollouts')}
          columns={['Release', 'Share of vans', 'Set', isAdmin && 'Act']}
        >
          {rollouts.data.rollouts.map((r) => (
            <tr key={r.version}>
              <th scope="row">{r.version}</th>
              <td>{r.percentage}%</td>
              <td>
                {cityDateTime(r.setAt, timeZone)} by {r.setBy}
              </td>
              {isAdmin && (
                <td>
                  <button
                    type="button"
                    onClick={() => void change(() => api('DELETE', `/v1/office/rollouts/${encodeURIComponent(r.version)}`), `${r.version} follows its update feed's share again.`, rollouts.reload)}
                  >
                    Clear the rollout of {r.version}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {isAdmin && (
        <form onSubmit={setRollout} className="inline" aria-label="Set a release's rollout">
          <label htmlFor="rollout-version">Release version</label>
          <input id="rollout-version" value={release} onChange={(e) => setRelease(e.target.value)} required maxLength={64} placeholder="1.5.0" />
          <label htmlFor="rollout-share">Share of vans (%)</label>
          <input id="rollout-share" type="number" min={0} max={100} step={1} value={share} onChange={(e) => setShare(e.target.value)} required />
          <button type="submit">Set the rollout</button>
        </form>
      )}
    </section>
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
      <ProblemLine error={error} />
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
