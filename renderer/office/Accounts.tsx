import { useState, type FormEvent } from 'react';
import { officeRoles, type OfficeRole, type OfficeUser } from '../../shared';
import { api, ApiError } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useLoad } from './useLoad';
import { DataTable, SavedLine, ProblemLine } from './parts';

export function Accounts({ session }: SectionProps) {
  const { data, error, reload } = useLoad(() => api<{ users: OfficeUser[] }>('GET', '/v1/office/users'), 'users');
  const [message, setMessage] = useState<string | null>(null);

  async function change(user: OfficeUser, body: { role?: OfficeRole; disabled?: boolean }, done: string) {
    try {
      await api('PATCH', `/v1/office/users/${user.id}`, body);
      setMessage(done);
      reload();
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <>
      <SavedLine message={message} />
      <ProblemLine error={error} />
      {data && (
        <DataTable caption={`${data.users.length} office accounts`} columns={['E-mail', 'Role', 'State', 'Created', 'Act']}>
          {data.users.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.email}</th>
              <td>
                <label className="sr-only" htmlFor={`role-${u.id}`}>
                  Role of {u.email}
                </label>
                <select
                  id={`role-${u.id}`}
                  value={u.role}
                  disabled={u.id === session.user.id}
                  onChange={(e) => change(u, { role: e.target.value as OfficeRole }, `${u.email} is now ${e.target.value}.`)}
                >
                  {officeRoles.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? 'Disabled' : u.lockedUntil ? `Locked until ${cityDateTime(u.lockedUntil, session.cityTimeZone)}` : 'Active'}</td>
              <td>{cityDateTime(u.createdAt, session.cityTimeZone)}</td>
              <td>
                {u.id !== session.user.id && (
                  <button type="button" onClick={() => change(u, { disabled: !u.disabled }, `${u.email} is ${u.disabled ? 'enabled' : 'disabled'}.`)}>
                    {u.disabled ? `Enable ${u.email}` : `Disable ${u.email}`}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <NewAccount
        onCreated={(email) => {
          setMessage(`${email} can now sign in.`);
          reload();
        }}
      />
    </>
  );
}

function NewAccount({ onCreated }: { onCreated: (email: string) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<OfficeRole>('viewer');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const user = await api<OfficeUser>('POST', '/v1/office/users', { email, role, password });
      setEmail('');
      setPassword('');
      onCreated(user.email);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <section aria-labelledby="new-account-title">
      <h2 id="new-account-title">New account</h2>
      <form onSubmit={submit} className="stack">
        <label htmlFor="new-email">E-mail</label>
        <input id="new-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <label htmlFor="new-role">Role</label>
        <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as OfficeRole)}>
          <option value="viewer">viewer — reads</option>
          <option value="office">office — also acts on 311 and feedback</option>
          <option value="admin">admin — also catalogue, staff, devices, accounts</option>
        </select>
        <label htmlFor="new-password">First password (at least 12 characters)</label>
        <input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={12} />
        <ProblemLine error={error} />
        <button type="submit">Create account</button>
      </form>
    </section>
  );
}
