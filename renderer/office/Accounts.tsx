import { useState, type FormEvent } from 'react';
import { officeRoles, type OfficeRole, type OfficeUser } from '../../shared';
import { api, errorText } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useOfficeT } from './i18n';
import { useLoad } from './useLoad';
import { DataTable, SavedLine, ProblemLine } from './parts';

export function Accounts({ session }: SectionProps) {
  const { data, error, reload } = useLoad(() => api<{ users: OfficeUser[] }>('GET', '/v1/office/users'), 'users');
  const [message, setMessage] = useState<string | null>(null);
  const t = useOfficeT();
  const roleName = (role: OfficeRole) => (role === 'admin' ? t('accounts.roles.admin') : role === 'office' ? t('accounts.roles.office') : t('accounts.roles.viewer'));

  async function change(user: OfficeUser, body: { role?: OfficeRole; disabled?: boolean }, done: string) {
    try {
      await api('PATCH', `/v1/office/users/${user.id}`, body);
      setMessage(done);
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
        <DataTable caption={t('accounts.caption', { count: data.users.length })}
          columns={[t('accounts.columns.email'), t('accounts.columns.role'), t('accounts.columns.state'), t('accounts.columns.created'), t('accounts.columns.act')]}>
          {data.users.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.email}</th>
              <td>
                <label className="sr-only" htmlFor={`role-${u.id}`}>
                  {t('accounts.roleOf', { email: u.email })}
                </label>
                <select
                  id={`role-${u.id}`}
                  value={u.role}
                  disabled={u.id === session.user.id}
                  onChange={(e) => change(u, { role: e.target.value as OfficeRole }, t('accounts.done.role', { email: u.email, role: roleName(e.target.value as OfficeRole) }))}
                >
                  {officeRoles.map((r) => (
                    <option key={r} value={r}>
                      {roleName(r)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? t('accounts.state.disabled') : u.lockedUntil ? t('accounts.state.lockedUntil', { date: cityDateTime(u.lockedUntil, session.cityTimeZone) }) : t('accounts.state.active')}</td>
              <td>{cityDateTime(u.createdAt, session.cityTimeZone)}</td>
              <td>
                {u.id !== session.user.id && (
                  <button type="button" onClick={() => change(u, { disabled: !u.disabled }, u.disabled ? t('accounts.done.enabled', { email: u.email }) : t('accounts.done.disabled', { email: u.email }))}>
                    {u.disabled ? t('accounts.actions.enable', { email: u.email }) : t('accounts.actions.disable', { email: u.email })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <NewAccount
        onCreated={(email) => {
          setMessage(t('accounts.done.created', { email }));
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
  const t = useOfficeT();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const user = await api<OfficeUser>('POST', '/v1/office/users', { email, role, password });
      setEmail('');
      setPassword('');
      onCreated(user.email);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section aria-labelledby="new-account-title">
      <h2 id="new-account-title">{t('accounts.newAccount.title')}</h2>
      <form onSubmit={submit} className="stack">
        <label htmlFor="new-email">{t('accounts.newAccount.email')}</label>
        <input id="new-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <label htmlFor="new-role">{t('accounts.newAccount.role')}</label>
        <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as OfficeRole)}>
          <option value="viewer">{t('accounts.newAccount.roles.viewer')}</option>
          <option value="office">{t('accounts.newAccount.roles.office')}</option>
          <option value="admin">{t('accounts.newAccount.roles.admin')}</option>
        </select>
        <label htmlFor="new-password">{t('accounts.newAccount.password')}</label>
        <input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={12} />
        <ProblemLine error={error} />
        <button type="submit">{t('accounts.newAccount.submit')}</button>
      </form>
    </section>
  );
}
