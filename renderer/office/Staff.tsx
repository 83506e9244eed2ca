import { useState, type FormEvent } from 'react';
import { staffRoles } from '../../shared';
import { api, ApiError, errorText } from './api';
import { useLoad } from './useLoad';
import { useModal } from './useModal';
import { DataTable, SavedLine, ProblemLine, counted } from './parts';

type StaffRole = (typeof staffRoles)[number];

interface StaffMember {
  id: string;
  name: string;
  role: StaffRole;
  active: boolean;
  vans: string[];
}

const KIOSKS_LEARN = 'Kiosks receive it on their next sync.';
const PIN_RULES = 'PIN: 6 to 8 digits; not one digit repeated, a pattern, a run like 123456 or a date.';

export function Staff() {
  const { data, error, reload } = useLoad(() => api<{ staff: StaffMember[]; vans: string[] }>('GET', '/v1/office/staff'), 'staff');
  const [message, setMessage] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'pin' | 'vans'; member: StaffMember } | null>(null);

  async function change(member: StaffMember, body: Partial<Pick<StaffMember, 'role' | 'active' | 'vans'>>, done: string) {
    try {
      await api('PATCH', `/v1/office/staff/${member.id}`, body);
      setMessage(`${done} ${KIOSKS_LEARN}`);
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
        <DataTable caption={counted(data.staff.length, 'staff member', 'staff members')} columns={['Name', 'Role', 'Vans', 'State', 'Act']}>
          {data.staff.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                {m.name}
                <div className="muted">{m.id}</div>
              </th>
              <td>
                <label className="sr-only" htmlFor={`staff-role-${m.id}`}>
                  Role of {m.name}
                </label>
                <select id={`staff-role-${m.id}`} value={m.role} onChange={(e) => change(m, { role: e.target.value as StaffRole }, `${m.name} is now a ${e.target.value}.`)}>
                  {staffRoles.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>{m.vans.length ? m.vans.join(', ') : 'No van: no kiosk signs them in'}</td>
              <td>{m.active ? 'Active' : 'Disabled'}</td>
              <td>
                <div className="actions">
                  <button type="button" onClick={() => setDialog({ kind: 'vans', member: m })}>
                    Vans of {m.name}
                  </button>
                  <button type="button" onClick={() => setDialog({ kind: 'pin', member: m })}>
                    Reset PIN of {m.name}
                  </button>
                  <button type="button" onClick={() => change(m, { active: !m.active }, `${m.name} is ${m.active ? 'disabled' : 'enabled'}.`)}>
                    {m.active ? `Disable ${m.name}` : `Enable ${m.name}`}
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
            if (done) setMessage(`${done} ${KIOSKS_LEARN}`);
          }}
        />
      )}
      {data && dialog?.kind === 'vans' && (
        <VansDialog
          member={dialog.member}
          vans={data.vans}
          onSave={async (vans) => {
            setDialog(null);
            await change(dialog.member, { vans }, `${dialog.member.name} works on ${vans.length ? vans.join(', ') : 'no van'}.`);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {data && (
        <NewStaff
          vans={data.vans}
          onAdded={(name) => {
            setMessage(`${name} is added. ${KIOSKS_LEARN}`);
            reload();
          }}
        />
      )}
    </>
  );
}

function VanChoices({ vans, chosen, onChange, idPrefix }: { vans: string[]; chosen: string[]; onChange: (vans: string[]) => void; idPrefix: string }) {
  return (
    <fieldset>
      <legend>Vans (only these vans’ kiosks sign them in)</legend>
      {vans.length === 0 && <p className="muted">No van is enrolled yet.</p>}
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
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api('POST', `/v1/office/staff/${member.id}/pin`, { pin });
      onClose(`${member.name} has a new PIN.`);
    } catch (e) {
      setError(e instanceof ApiError ? (e.issues?.[0]?.message ?? e.message) : String(e));
    }
  }
  return (
    <dialog ref={dialog} aria-labelledby="pin-title" onCancel={() => onClose(null)}>
      <form onSubmit={submit}>
        <h2 id="pin-title">New PIN for {member.name}</h2>
        <p className="muted" id="pin-rules">
          {PIN_RULES} Tell it to them in person; it is not shown again.
        </p>
        <label htmlFor="pin-new">New PIN</label>
        <input id="pin-new" type="password" inputMode="numeric" autoComplete="new-password" value={pin} aria-describedby={error ? 'pin-rules pin-error' : 'pin-rules'} aria-invalid={error ? true : undefined} onChange={(e) => setPin(e.target.value)} required />
        {error && (
          <p role="alert" id="pin-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit">Set the new PIN</button>
          <button type="button" onClick={() => onClose(null)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

function VansDialog({ member, vans, onSave, onCancel }: { member: StaffMember; vans: string[]; onSave: (vans: string[]) => void; onCancel: () => void }) {
  const dialog = useModal();
  const [chosen, setChosen] = useState(member.vans);
  return (
    <dialog ref={dialog} aria-labelledby="vans-title" onCancel={onCancel}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave(chosen);
        }}
      >
        <h2 id="vans-title">Vans of {member.name}</h2>
        <VanChoices vans={[...new Set([...vans, ...member.vans])]} chosen={chosen} onChange={setChosen} idPrefix="vans-of" />
        <div className="actions">
          <button type="submit">Save the vans</button>
          <button type="button" onClick={onCancel}>
            Cancel
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
      <h2 id="new-staff-title">Add a staff member</h2>
      <form onSubmit={submit} className="stack">
        <label htmlFor="new-staff-name">Full name</label>
        <input id="new-staff-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} {...described('name')} />
        {problem('name')}
        <label htmlFor="new-staff-id">Staff id (lower-case letters, digits, - and _)</label>
        <input id="new-staff-id" value={id} onChange={(e) => setId(e.target.value)} required maxLength={64} {...described('id')} />
        {problem('id')}
        <label htmlFor="new-staff-role">Role at the van</label>
        <select id="new-staff-role" value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
          {staffRoles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <label htmlFor="new-staff-pin">First PIN</label>
        <p className="muted" id="new-staff-pin-rules">
          {PIN_RULES}
        </p>
        <input id="new-staff-pin" type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(e.target.value)} required {...described('pin', 'new-staff-pin-rules')} />
        {problem('pin')}
        <VanChoices vans={vans} chosen={chosen} onChange={setChosen} idPrefix="new-staff-van" />
        <ProblemLine error={error} />
        <button type="submit">Add the staff member</button>
      </form>
    </section>
  );
}
