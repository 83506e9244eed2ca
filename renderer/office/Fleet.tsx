import { useState, type FormEvent } from 'react';
import { officeRoleAllows } from '../../shared';
import { api, errorText } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useOfficeT } from './i18n';
import { OfficeTrans } from './i18n/OfficeTrans';
import { useLoad } from './useLoad';
import { DataTable, SavedLine, ProblemLine } from './parts';

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
  const t = useOfficeT();

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
    if (!window.confirm(t('fleet.revoke.confirm', { van: device.vanName }))) return;
    await act(`/v1/office/devices/${device.id}/revoke`, t('fleet.revoke.done', { van: device.vanName }));
  }

  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="behind-hours">{t('fleet.behindHours')}</label>
        <input id="behind-hours" type="number" min={1} max={720} value={behindHours} onChange={(e) => setBehindHours(Math.max(1, Number(e.target.value) || 1))} />
      </form>
      <SavedLine message={message} />
      <ProblemLine error={fleet.error} />
      {fleet.data && (
        <DataTable
          caption={t('fleet.vans', { count: fleet.data.devices.length })}
          columns={[
            t('fleet.columns.van'),
            t('fleet.columns.lastContact'),
            t('fleet.columns.latestReceived'),
            t('fleet.columns.answered'),
            t('fleet.columns.notYetReceived'),
            t('fleet.columns.appVersion'),
            t('fleet.columns.pinnedTo'),
            t('fleet.columns.storageUsed'),
            t('fleet.columns.refused'),
            t('fleet.columns.state'),
            isAdmin && t('fleet.columns.act'),
          ]}
        >
          {fleet.data.devices.map((d) => (
            <tr key={d.id} className={d.behind ? 'behind' : undefined}>
              <th scope="row">
                {d.vanName}
                <div className="muted">{d.id}</div>
              </th>
              <td>{d.lastContactAt ? cityDateTime(d.lastContactAt, tz) : t('fleet.never')}</td>
              <td>{d.latestReceivedAt ? cityDateTime(d.latestReceivedAt, tz) : t('fleet.nothingYet')}</td>
              <td>{d.contiguousSeq}</td>
              <td>
                {d.status
                  ? d.status.oldestPendingAt
                    ? t('fleet.pending.withOldest', { transactions: d.status.pendingTransactions, others: d.status.pendingOtherRecords, oldest: cityDateTime(d.status.oldestPendingAt, tz) })
                    : t('fleet.pending.counts', { transactions: d.status.pendingTransactions, others: d.status.pendingOtherRecords })
                  : t('fleet.notReported')}
              </td>
              <td>{d.status ? d.status.appVersion : t('fleet.notReported')}</td>
              <td>{d.pinnedVersion ?? t('fleet.followsReleases')}</td>
              <td>
                {d.status?.storageUsedBytes != null
                  ? d.status.storageQuotaBytes
                    ? t('fleet.storage.usedOfQuota', { used: Math.round(d.status.storageUsedBytes / 1_048_576), quota: Math.round(d.status.storageQuotaBytes / 1_048_576) })
                    : t('fleet.storage.used', { used: Math.round(d.status.storageUsedBytes / 1_048_576) })
                  : t('fleet.notReported')}
              </td>
              <td>{d.rejectedCount}</td>
              <td>{d.revokedAt ? t('fleet.state.revoked', { date: cityDateTime(d.revokedAt, tz) }) : d.behind ? <strong>{t('fleet.state.behind')}</strong> : t('fleet.state.active')}</td>
              {isAdmin && (
                <td>
                  <div className="actions">
                    {!d.revokedAt && (
                      <button type="button" onClick={() => revoke(d)}>
                        {t('fleet.revoke.button', { van: d.vanName })}
                      </button>
                    )}
                    {!d.revokedAt && (
                      <button type="button" onClick={() => act(`/v1/office/devices/${d.id}/enrolment-code`, t('fleet.reenrol.done', { van: d.vanName }))}>
                        {t('fleet.reenrol.button', { van: d.vanName })}
                      </button>
                    )}
                    {d.revokedAt && (
                      <button type="button" onClick={() => act(`/v1/office/devices/${d.id}/unrevoke`, t('fleet.unrevoke.done', { van: d.vanName }))}>
                        {t('fleet.unrevoke.button', { van: d.vanName })}
                      </button>
                    )}
                    {d.pinnedVersion && (
                      <button type="button" onClick={() => act(`/v1/office/devices/${d.id}/pinned-version`, t('fleet.unpin.done', { van: d.vanName }), 'DELETE')}>
                        {t('fleet.unpin.button', { van: d.vanName })}
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
          <h2 id="reenrol-title">{t('fleet.reenrol.title', { van: reenrolment.vanName })}</h2>
          <EnrolmentCodeShown made={reenrolment} timeZone={tz} note={t('fleet.reenrol.note')} />
        </section>
      )}
      {isAdmin && <Enrol onEnrolled={fleet.reload} timeZone={tz} />}
      <AppUpdates vans={fleet.data?.devices.filter((d) => !d.revokedAt) ?? []} isAdmin={isAdmin} timeZone={tz} onPinned={fleet.reload} />
      <h2>{t('fleet.refused.title')}</h2>
      {rejected.data && (
        <DataTable
          caption={t('fleet.refused.caption', { count: rejected.data.rejected.length })}
          columns={[t('fleet.refused.columns.van'), t('fleet.refused.columns.record'), t('fleet.refused.columns.code'), t('fleet.refused.columns.why'), t('fleet.refused.columns.received')]}
        >
          {rejected.data.rejected.map((r) => (
            <tr key={`${r.deviceId}:${r.seq}`}>
              <th scope="row">{r.vanName}</th>
              <td>{t('fleet.refused.seq', { seq: r.seq })}</td>
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
  const t = useOfficeT();

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
    void change(() => api('PUT', `/v1/office/devices/${van.id}/pinned-version`, { version: pinVersion.trim() }), t('fleet.updates.pinned', { van: van.vanName, version: pinVersion.trim() }), onPinned);
  }

  function setRollout(event: FormEvent) {
    event.preventDefault();
    const version = release.trim();
    void change(
      () => api('PUT', `/v1/office/rollouts/${encodeURIComponent(version)}`, { percentage: Number(share) }),
      t('fleet.updates.offered', { version, share: Number(share) }),
      rollouts.reload,
    );
  }

  return (
    <section aria-labelledby="updates-title">
      <h2 id="updates-title">{t('fleet.updates.title')}</h2>
      {outcome && (outcome.failed ? <p role="alert">{outcome.text}</p> : <p role="status">{outcome.text}</p>)}
      {isAdmin && (
        <form onSubmit={pin} className="inline" aria-label={t('fleet.updates.pinForm')}>
          <label htmlFor="pin-van">{t('fleet.updates.pinVan')}</label>
          <select id="pin-van" value={pinVan} onChange={(e) => setPinVan(e.target.value)} required>
            <option value="">{t('fleet.updates.chooseVan')}</option>
            {vans.map((d) => (
              <option key={d.id} value={d.id}>
                {d.vanName}
              </option>
            ))}
          </select>
          <label htmlFor="pin-version">{t('fleet.updates.pinVersion')}</label>
          <input id="pin-version" value={pinVersion} onChange={(e) => setPinVersion(e.target.value)} required maxLength={64} placeholder="1.4.2" />
          <button type="submit">{t('fleet.updates.pinSubmit')}</button>
        </form>
      )}
      <ProblemLine error={rollouts.error} />
      {rollouts.data && (
        <DataTable
          caption={rollouts.data.rollouts.length === 0 ? t('fleet.updates.noRollouts') : t('fleet.updates.rollouts', { count: rollouts.data.rollouts.length })}
          columns={[t('fleet.updates.columns.release'), t('fleet.updates.columns.share'), t('fleet.updates.columns.set'), isAdmin && t('fleet.updates.columns.act')]}
        >
          {rollouts.data.rollouts.map((r) => (
            <tr key={r.version}>
              <th scope="row">{r.version}</th>
              <td>{t('fleet.updates.percentage', { percentage: r.percentage })}</td>
              <td>{t('fleet.updates.setBy', { date: cityDateTime(r.setAt, timeZone), who: r.setBy })}</td>
              {isAdmin && (
                <td>
                  <button
                    type="button"
                    onClick={() => void change(() => api('DELETE', `/v1/office/rollouts/${encodeURIComponent(r.version)}`), t('fleet.updates.cleared', { version: r.version }), rollouts.reload)}
                  >
                    {t('fleet.updates.clear', { version: r.version })}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {isAdmin && (
        <form onSubmit={setRollout} className="inline" aria-label={t('fleet.updates.rolloutForm')}>
          <label htmlFor="rollout-version">{t('fleet.updates.releaseVersion')}</label>
          <input id="rollout-version" value={release} onChange={(e) => setRelease(e.target.value)} required maxLength={64} placeholder="1.5.0" />
          <label htmlFor="rollout-share">{t('fleet.updates.shareInput')}</label>
          <input id="rollout-share" type="number" min={0} max={100} step={1} value={share} onChange={(e) => setShare(e.target.value)} required />
          <button type="submit">{t('fleet.updates.rolloutSubmit')}</button>
        </form>
      )}
    </section>
  );
}

function Enrol({ onEnrolled, timeZone }: { onEnrolled: () => void; timeZone: string }) {
  const [vanName, setVanName] = useState('');
  const [made, setMade] = useState<EnrolmentCode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const t = useOfficeT();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setMade(await api('POST', '/v1/office/enrolment-codes', { vanName }));
      onEnrolled();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section aria-labelledby="enrol-title">
      <h2 id="enrol-title">{t('fleet.enrol.title')}</h2>
      <form onSubmit={submit} className="inline">
        <label htmlFor="enrol-van">{t('fleet.enrol.vanName')}</label>
        <input id="enrol-van" value={vanName} onChange={(e) => setVanName(e.target.value)} required maxLength={100} />
        <button type="submit">{t('fleet.enrol.submit')}</button>
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
  const t = useOfficeT();
  return (
    <div className="enrolment" role="status">
      <p>
        <OfficeTrans i18nKey="fleet.enrolment.code" values={{ van: made.vanName, code: made.code }} components={{ b: <strong />, code: <code className="code" /> }} />
      </p>
      <p>{t('fleet.enrolment.valid', { until: cityDateTime(made.expiresAt, timeZone) })}</p>
      {note && <p>{note}</p>}
      <img src={`data:image/svg+xml;base64,${btoa(made.qrSvg)}`} alt={t('fleet.enrolment.qr', { code: made.code })} width={180} height={180} />
    </div>
  );
}
