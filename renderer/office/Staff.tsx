import { useState, type FormEvent } from 'react';
import { staffRoles } from '../../shared';
import { api, ApiError, errorText } from './api';
import { officeT, useOfficeT } from './i18n';
import { useLoad } from './useLoad';
import { useModal } from './useModal';
import { DataTable, SavedLine, ProblemLine } from './parts';

type StaffRole = (typeof staffRoles)[number];

interface StaffMember {
  id: string;
  name: string;
  role: StaffRole;
  active: boolean;
  vans: string[];
}

/** Each role's name as the office reads it (the option's value stays the role's code name). */
const ROLE_NAMES = {
  clerk: () => officeT('staff.roles.clerk'),
  supervisor: () => officeT('staff.roles.supervisor'),
} satisfies Record<StaffRole, () => string>;

const roleName = (role: StaffRole): string => ROLE_NAMES[role]();

export function Staff() {
  const { data, error, reload } = useLoad(() => api<{ staff: StaffMember[]; vans: string[] }>('GET', '/v1/office/staff'), 'staff');
  const [message, setMessage] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'pin' | 'vans'; member: StaffMember } | null>(null);
  const t = useOfficeT();

  async function change(member: StaffMember, body: Partial<Pick<StaffMember, 'role' | 'active' | 'vans'>>, done: string) {
    try {
      await api('PATCH', `/v1/office/staff/${member.id}`, body);
      setMessage(t('staff.kiosksLearn', { done }));
      reload();
    } catch (e) {
      setMessage(errorText(e));
    }
  }

  return (
    <>
      <SavedLine message={message} />
      <ProblemLine error={error} />
      {data && (
        <DataTable
          caption={t('staff.members', { count: data.staff.length })}
          columns={[t('staff.columns.name'), t('staff.columns.role'), t('staff.columns.vans'), t('staff.columns.state'), t('staff.columns.act')]}
        >
          {data.staff.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                {m.name}
                <div className="muted">{m.id}</div>
              </th>
              <td>
                <label className="sr-only" htmlFor={`staff-role-${m.id}`}>
                  {t('staff.roleOf', { name: m.name })}
                </label>
                <select id={`staff-role-${m.id}`} value={m.role} onChange={(e) => change(m, { role: e.target.value as StaffRole }, t('staff.done.role', { name: m.name, role: roleName(e.target.value as StaffRole) }))}>
                  {staffRoles.map((r) => (
                    <option key={r} value={r}>
                      {roleName(r)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{m.vans.length ? m.vans.join(', ') : t('staff.noVan')}</td>
              <td>{m.active ? t('staff.state.active') : t('staff.state.disabled')}</td>
              <td>
                <div className="actions">
                  <button type="button" onClick={() => setDialog({ kind: 'vans', member: m })}>
                    {t('staff.actions.vans', { name: m.name })}
                  </button>
                  <button type="button" onClick={() => setDialog({ kind: 'pin', member: m })}>
                    {t('staff.actions.resetPin', { name: m.name })}
                  </button>
                  <button type="button" onClick={() => change(m, { active: !m.active }, m.active ? t('staff.done.disabled', { name: m.name }) : t('staff.done.enabled', { name: m.name }))}>
                    {m.active ? t('staff.actions.disable', { name: m.name }) : t('staff.actions.enable', { name: m.name })}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {data && dialog?.kind === 'pin' && (
        <PinDialog
          member={dialog.member}
          onClose={(done) => {
            setDialog(null);
            if (done) setMessage(t('staff.kiosksLearn', { done }));
          }}
        />
      )}
      {data && dialog?.kind === 'vans' && (
        <VansDialog
          member={dialog.member}
          vans={data.vans}
          onSave={async (vans) => {
            setDialog(null);
            await change(dialog.member, { vans }, vans.length ? t('staff.done.vans', { name: dialog.member.name, vans: vans.join(', ') }) : t('staff.done.noVan', { name: dialog.member.name }));
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {data && (
        <NewStaff
          vans={data.vans}
          onAdded={(name) => {
            setMessage(t('staff.kiosksLearn', { done: t('staff.done.added', { name }) }));
            reload();
          }}
        />
      )}
    </>
  );
}

function VanChoices({ vans, chosen, onChange, idPrefix }: { vans: string[]; chosen: string[]; onChange: (vans: string[]) => void; idPrefix: string }) {
  const t = useOfficeT();
  return (
    <fieldset>
      <legend>{t('staff.vanChoices.legend')}</legend>
      {vans.length === 0 && <p className="muted">{t('staff.vanChoices.none')}</p>}
      {vans.map((van, i) => (
        <label key={van} className="check" htmlFor={`${idPrefix}-${i}`}>
          <input id={`${idPrefix}-${i}`} type="checkbox" checked={chosen.includes(van)} onChange={(e) => onChange(e.target.checked ? [...chosen, van] : chosen.filter((v) => v !== van))} /> {van}
        </label>
      ))}
    </fieldset>
  );
}

function PinDialog({ member, onClose }: { member: StaffMember; onClose: (done: string | null) => void }) {
  const dialog = useModal();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const t = useOfficeT();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api('POST', `/v1/office/staff/${member.id}/pin`, { pin });
      onClose(t('staff.done.pin', { name: member.name }));
    } catch (e) {
      setError(e instanceof ApiError ? (e.issues?.[0]?.message ?? e.message) : String(e));
    }
  }
  return (
    <dialog ref={dialog} aria-labelledby="pin-title" onCancel={() => onClose(null)}>
      <form onSubmit={submit}>
        <h2 id="pin-title">{t('staff.pinDialog.title', { name: member.name })}</h2>
        <p className="muted" id="pin-rules">
          {t('staff.pinDialog.note', { rules: t('staff.pinRules') })}
        </p>
        <label htmlFor="pin-new">{t('staff.pinDialog.label')}</label>
        <input id="pin-new" type="password" inputMode="numeric" autoComplete="new-password" value={pin} aria-describedby={['pin-rules', error && 'pin-error'].filter(Boolean).join(' ')} aria-invalid={error ? true : undefined} onChange={(e) => setPin(e.target.value)} required />
        {error && (
          <p role="alert" id="pin-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit">{t('staff.pinDialog.submit')}</button>
          <button type="button" onClick={() => onClose(null)}>
            {t('staff.pinDialog.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function VansDialog({ member, vans, onSave, onCancel }: { member: StaffMember; vans: string[]; onSave: (vans: string[]) => void; onCancel: () => void }) {
  const dialog = useModal();
  const [chosen, setChosen] = useState(member.vans);
  const t = useOfficeT();
  return (
    <dialog ref={dialog} aria-labelledby="vans-title" onCancel={onCancel}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave(chosen);
        }}
      >
        <h2 id="vans-title">{t('staff.vansDialog.title', { name: member.name })}</h2>
        <VanChoices vans={[...new Set([...vans, ...member.vans])]} chosen={chosen} onChange={setChosen} idPrefix="vans-of" />
        <div className="actions">
          <button type="submit">{t('staff.vansDialog.submit')}</button>
          <button type="button" onClick={onCancel}>
            {t('staff.vansDialog.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function NewStaff({ vans, onAdded }: { vans: string[]; onAdded: (name: string) => void }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('clerk');
  const [pin, setPin] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const t = useOfficeT();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setIssues({});
    try {
      const added = await api<StaffMember>('POST', '/v1/office/staff', { id, name, role, pin, vans: chosen });
      setId('');
      setName('');
      setPin('');
      setChosen([]);
      onAdded(added.name);
    } catch (e) {
      if (e instanceof ApiError && e.issues) setIssues(Object.fromEntries(e.issues.map((i) => [String(i.path[0]), i.message])));
      setError(errorText(e));
    }
  }
  const described = (key: string, extra?: string) => {
    const ids = [extra, issues[key] ? `new-staff-${key}-error` : undefined].filter(Boolean).join(' ');
    return { 'aria-describedby': ids || undefined, 'aria-invalid': issues[key] ? true : undefined };
  };
  const problem = (key: string) =>
    issues[key] ? (
      <p className="field-error" id={`new-staff-${key}-error`}>
        {issues[key]}
      </p>
    ) : null;

  return (
    <section aria-labelledby="new-staff-title">
      <h2 id="new-staff-title">{t('staff.newStaff.title')}</h2>
      <form onSubmit={submit} className="stack">
        <label htmlFor="new-staff-name">{t('staff.newStaff.name')}</label>
        <input id="new-staff-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} {...described('name')} />
        {problem('name')}
        <label htmlFor="new-staff-id">{t('staff.newStaff.id')}</label>
        <input id="new-staff-id" value={id} onChange={(e) => setId(e.target.value)} required maxLength={64} {...described('id')} />
        {problem('id')}
        <label htmlFor="new-staff-role">{t('staff.newStaff.role')}</label>
        <select id="new-staff-role" value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
          {staffRoles.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </select>
        <label htmlFor="new-staff-pin">{t('staff.newStaff.pin')}</label>
        <p className="muted" id="new-staff-pin-rules">
          {t('staff.pinRules')}
        </p>
        <input id="new-staff-pin" type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(e.target.value)} required {...described('pin', 'new-staff-pin-rules')} />
        {problem('pin')}
        <VanChoices vans={vans} chosen={chosen} onChange={setChosen} idPrefix="new-staff-van" />
        <ProblemLine error={error} />
        <button type="submit">{t('staff.newStaff.submit')}</button>
      </form>
    </section>
  );
}
