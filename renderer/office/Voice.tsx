import { useEffect, useRef, useState, type FormEvent } from 'react';
import { cityTopics, officeRoleAllows, type VoiceKind, type VoiceReviewStatus } from '../../shared';
import { api, ApiError } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useLoad } from './useLoad';
import { SavedLine, ProblemLine, counted } from './parts';

interface VoiceItem {
  kind: VoiceKind;
  id: string;
  stopId: string | null;
  place: string | null;
  neighbourhood: string | null;
  language: string | null;
  topic: string | null;
  rating: number | null;
  text: string;
  contact: { name: string; email: string | null; phone: string | null } | null;
  at: string;
  businessDate: string;
  status: VoiceReviewStatus;
  note: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  translation: { language: string; text: string; by: string | null; at: string | null } | null;
}

interface VoiceFeed {
  answers: VoiceItem[];
  summary: { neighbourhood: string; counts: Record<string, number> }[];
}

const STATUS_LABEL: Record<VoiceReviewStatus, string> = { new: 'Not reviewed', reviewed: 'Reviewed', actioned: 'Actioned' };
const KIND_LABEL: Record<VoiceKind, string> = { survey: 'Survey comment', city: '“Tell the city” answer' };
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const languageName = (tag: string | null) => {
  if (!tag) return 'language not recorded';
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
};

export function Voice({ session }: SectionProps) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState('');
  const [topic, setTopic] = useState('');
  const [neighbourhood, setNeighbourhood] = useState('');
  const [language, setLanguage] = useState('');
  const [status, setStatus] = useState('');
  const [stop, setStop] = useState<{ id: string; place: string } | null>(null);
  const [editing, setEditing] = useState<VoiceItem | null>(null);
  const [saved, setSaved] = useState('');
  const params = {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(kind ? { kind } : {}),
    ...(topic ? { topic } : {}),
    ...(neighbourhood.trim() ? { neighbourhood: neighbourhood.trim() } : {}),
    ...(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language.trim()) ? { language: language.trim() } : {}),
    ...(status ? { status } : {}),
    ...(stop ? { stop: stop.id } : {}),
  };
  const query = new URLSearchParams(params).toString();
  const { data, error, reload } = useLoad(() => api<VoiceFeed>('GET', `/v1/office/voice${query ? `?${query}` : ''}`), query);
  const tz = session.cityTimeZone;
  const mayAct = officeRoleAllows(session.user.role, 'office');
  const count = data?.answers.length ?? 0;

  return (
    <>
      <form className="filters kpi-form" onSubmit={(e) => e.preventDefault()} aria-label="Filter the feed">
        <label htmlFor="voice-from">From</label>
        <input id="voice-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="voice-to">To</label>
        <input id="voice-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <label htmlFor="voice-kind">Kind</label>
        <select id="voice-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">Comments and answers</option>
          <option value="survey">Survey comments</option>
          <option value="city">“Tell the city” answers</option>
        </select>
        <label htmlFor="voice-neighbourhood">Neighbourhood</label>
        <input id="voice-neighbourhood" value={neighbourhood} onChange={(e) => setNeighbourhood(e.target.value)} />
        <label htmlFor="voice-topic">Topic</label>
        <select id="voice-topic" value={topic} onChange={(e) => setTopic(e.target.value)}>
          <option value="">All topics</option>
          {cityTopics.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <label htmlFor="voice-language">Language code</label>
        <input id="voice-language" value={language} size={8} placeholder="es" onChange={(e) => setLanguage(e.target.value)} />
        <label htmlFor="voice-status">Review</label>
        <select id="voice-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any</option>
          {(['new', 'reviewed', 'actioned'] as const).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
        {stop && (
          <button type="button" onClick={() => setStop(null)}>
            Show every stop (now only {stop.place})
          </button>
        )}
      </form>
      <SavedLine message={saved} />
      <ProblemLine error={error} />
      {data && (
        <>
          <table>
            <caption>“Tell the city” answers by topic per neighbourhood{from || to ? `, ${from || '…'} to ${to || '…'}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Neighbourhood</th>
                {cityTopics.map((t) => (
                  <th scope="col" key={t}>
                    {t}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.summary.map((s) => (
                <tr key={s.neighbourhood}>
                  <th scope="row">{s.neighbourhood}</th>
                  {cityTopics.map((t) => (
                    <td key={t}>{s.counts[t] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <h2 id="voice-feed-title">{counted(count, 'comment or answer', 'comments and answers')}, newest first</h2>
          <ul className="voice-list" aria-labelledby="voice-feed-title">
            {data.answers.map((a) => (
              <li key={`${a.kind}:${a.id}`} className="voice-item" aria-label={`${KIND_LABEL[a.kind]}, ${cityDateTime(a.at, tz)}`}>
                <header>
                  <strong>{KIND_LABEL[a.kind]}</strong>
                  <span>{cityDateTime(a.at, tz)}</span>
                  <span>
                    {a.place ?? 'No stop recorded'}
                    {a.neighbourhood && <span className="muted"> · {a.neighbourhood}</span>}
                  </span>
                  {a.topic && <span>Topic: {a.topic}</span>}
                  {a.rating !== null && <span>Rating: {a.rating} of 5</span>}
                  <span>
                    {languageName(a.language)}
                    {a.language && <span className="muted"> ({a.language})</span>}
                  </span>
                  <span className={`badge ${a.status}`}>{STATUS_LABEL[a.status]}</span>
                </header>
                <p className="sr-only">What the resident wrote (original):</p>
                <blockquote {...(a.language ? { lang: a.language } : {})}>{a.text}</blockquote>
                {a.translation && (
                  <p className="translation" lang={a.translation.language}>
                    <span className="muted" lang="en">
                      Office translation ({languageName(a.translation.language)}):{' '}
                    </span>
                    {a.translation.text}
                  </p>
                )}
                {a.note && (
                  <p>
                    <span className="muted">
                      Note{a.reviewedBy ? ` by ${a.reviewedBy}` : ''}
                      {a.reviewedAt ? `, ${cityDateTime(a.reviewedAt, tz)}` : ''}:{' '}
                    </span>
                    {a.note}
                  </p>
                )}
                {a.contact && <p>Reply to: {[a.contact.name, a.contact.email, a.contact.phone].filter(Boolean).join(' · ')}</p>}
                <div className="actions">
                  {a.stopId && !stop && (
                    <button type="button" onClick={() => setStop({ id: a.stopId!, place: a.place ?? a.stopId! })} aria-label={`Only ${a.place ?? 'this stop'}`}>
                      Only this stop
                    </button>
                  )}
                  {mayAct && (
                    <button type="button" onClick={() => setEditing(a)} aria-label={`Review or translate: ${a.text.slice(0, 40)}`}>
                      Review or translate
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {editing && (
        <ReviewDialog
          item={editing}
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

function ReviewDialog({ item, onClose }: { item: VoiceItem; onClose: (message: string | null) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState<'reviewed' | 'actioned'>(item.status === 'actioned' ? 'actioned' : 'reviewed');
  const [note, setNote] = useState(item.note ?? '');
  const [language, setLanguage] = useState(item.translation?.language ?? 'en');
  const [translation, setTranslation] = useState(item.translation?.text ?? '');
  const [error, setError] = useState<string | null>(null);
  const path = `/v1/office/voice/${item.kind}/${item.id}`;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const attempt = async (run: () => Promise<string>) => {
    setError(null);
    try {
      onClose(await run());
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const saveReview = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      await api('PUT', `${path}/review`, { status, note: note.trim() });
      return `Marked ${STATUS_LABEL[status].toLowerCase()}.`;
    });
  };
  const saveTranslation = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      await api('PUT', `${path}/translation`, { language: language.trim(), text: translation });
      return 'Translation saved.';
    });
  };

  return (
    <dialog ref={dialog} aria-labelledby="voice-dialog-title" onCancel={() => onClose(null)}>
      <h2 id="voice-dialog-title">Review or translate</h2>
      <blockquote {...(item.language ? { lang: item.language } : {})}>{item.text}</blockquote>
      <form onSubmit={saveReview} aria-label="Review">
        <fieldset>
          <legend>Mark as</legend>
          <label>
            <input type="radio" name="voice-status" checked={status === 'reviewed'} onChange={() => setStatus('reviewed')} /> Reviewed
          </label>
          <label>
            <input type="radio" name="voice-status" checked={status === 'actioned'} onChange={() => setStatus('actioned')} /> Actioned
          </label>
        </fieldset>
        <label htmlFor="voice-note">Note (what was done; needed for actioned)</label>
        <textarea id="voice-note" maxLength={1000} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        <div className="actions">
          <button type="submit">Save review</button>
        </div>
      </form>
      <form onSubmit={saveTranslation} aria-label="Translation">
        <label htmlFor="voice-translation-language">Translation language code</label>
        <input id="voice-translation-language" value={language} size={8} onChange={(e) => setLanguage(e.target.value)} />
        <label htmlFor="voice-translation">Translation</label>
        <textarea id="voice-translation" maxLength={2000} rows={3} value={translation} onChange={(e) => setTranslation(e.target.value)} />
        <div className="actions">
          <button type="submit">Save translation</button>
        </div>
      </form>
      <ProblemLine error={error} />
      <div className="actions">
        <button type="button" onClick={() => onClose(null)}>
          Close
        </button>
      </div>
    </dialog>
  );
}
