import { useState, type FormEvent } from 'react';
import type { OfficeSessionResponse } from '../../shared';
import { errorText, signIn } from './api';
import { useOfficeT } from './i18n';

export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (session: OfficeSessionResponse) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useOfficeT();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(email, password));
    } catch (e) {
      setPassword('');
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="sign-in">
      <h1>{t('signIn.title')}</h1>
      {notice && <p role="status">{notice}</p>}
      <form onSubmit={submit} noValidate>
        <label htmlFor="email">{t('signIn.email')}</label>
        <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="password">{t('signIn.password')}</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
