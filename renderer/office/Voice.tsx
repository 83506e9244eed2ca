import { useEffect, useRef, useState, type FormEvent } from 'react';
import { cityTopics, officeRoleAllows, type VoiceItem, type VoiceKind, type VoiceReviewStatus } from '../../shared';
import { api, errorText } from './api';
import type { SectionProps } from './App';
import { cityDateTime, topicName } from './format';
import { officeT, useOfficeT } from './i18n';
import { useLoad } from './useLoad';
import { SavedLine, ProblemLine } from './parts';

interface VoiceFeed {
  answers: VoiceItem[];
  summary: { neighbourhood: string; counts: Record<string, number> }[];
}

const STATUS_LABEL: Record<VoiceReviewStatus, () => string> = {
  new: () => officeT('voice.status.new'),
  reviewed: () => officeT('voice.status.reviewed'),
  actioned: () => officeT('voice.status.actioned'),
};
const KIND_LABEL: Record<VoiceKind, () => string> = { survey: () => officeT('voice.kind.survey'), city: () => officeT('voice.kind.city') };
/** A list item's name: its kind and when it came ("Survey comment, …"). */
const ITEM_LABEL: Record<VoiceKind, (at: string) => string> = {
  survey: (at) => officeT('voice.item.label.survey', { at }),
  city: (at) => officeT('voice.item.label.city', { at }),
};
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const languageName = (tag: string | null) => {
  if (!tag) return officeT('voice.languageNotRecorded');
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
  const t = useOfficeT();

  return (
    <>
      <form className="filters kpi-form" onSubmit={(e) => e.preventDefault()} aria-label={t('voice.filters.form')}>
        <label htmlFor="voice-from">{t('voice.filters.from')}</label>
        <input id="voice-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="voice-to">{t('voice.filters.to')}</label>
        <input id="voice-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <label htmlFor="voice-kind">{t('voice.filters.kind')}</label>
        <select id="voice-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">{t('voice.filters.kinds.all')}</option>
          <option value="survey">{t('voice.filters.kinds.survey')}</option>
          <option value="city">{t('voice.filters.kinds.city')}</option>
        </select>
        <label htmlFor="voice-neighbourhood">{t('voice.filters.neighbourhood')}</label>
        <input id="voice-neighbourhood" value={neighbourhood} onChange={(e) => setNeighbourhood(e.target.value)} />
        <label htmlFor="voice-topic">{t('voice.filters.topic')}</label>
        <select id="voice-topic" value={topic} onChange={(e) => setTopic(e.target.value)}>
          <option value="">{t('voice.filters.allTopics')}</option>
          {cityTopics.map((topic) => (
            <option key={topic} value={topic}>
              {topicName(topic)}
            </option>
          ))}
        </select>
        <label htmlFor="voice-language">{t('voice.filters.language')}</label>
        <input id="voice-language" value={language} size={8} placeholder={t('voice.filters.languageExample')} onChange={(e) => setLanguage(e.target.value)} />
        <label htmlFor="voice-status">{t('voice.filters.review')}</label>
        <select id="voice-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('voice.filters.anyReview')}</option>
          {(['new', 'reviewed', 'actioned'] as const).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]()}
            </option>
          ))}
        </select>
        {stop && (
          <button type="button" onClick={() => setStop(null)}>
            {t('voice.filters.everyStop', { place: stop.place })}
          </button>
        )}
      </form>
      <SavedLine message={saved} />
      <ProblemLine error={error} />
      {data && (
        <>
          <table>
            <caption>{from || to ? t('voice.summary.captionDates', { from: from || '…', to: to || '…' }) : t('voice.summary.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('voice.summary.neighbourhood')}</th>
                {cityTopics.map((topic) => (
                  <th scope="col" key={topic}>
                    {topicName(topic)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.summary.map((s) => (
                <tr key={s.neighbourhood}>
                  <th scope="row">{s.neighbourhood}</th>
                  {cityTopics.map((topic) => (
                    <td key={topic}>{s.counts[topic] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <h2 id="voice-feed-title">{t('voice.feed.title', { count })}</h2>
          <ul className="voice-list" aria-labelledby="voice-feed-title">
            {data.answers.map((a) => (
              <li key={`${a.kind}:${a.id}`} className="voice-item" aria-label={ITEM_LABEL[a.kind](cityDateTime(a.at, tz))}>
                <header>
                  <strong>{KIND_LABEL[a.kind]()}</strong>
                  <span>{cityDateTime(a.at, tz)}</span>
                  <span>
                    {a.place ?? t('voice.item.noStop')}
                    {a.neighbourhood && <span className="muted"> · {a.neighbourhood}</span>}
                  </span>
                  {a.topic && <span>{t('voice.item.topic', { topic: topicName(a.topic) })}</span>}
                  {a.rating !== null && <span>{t('voice.item.rating', { rating: a.rating })}</span>}
                  <span>
                    {languageName(a.language)}
                    {a.language && <span className="muted"> ({a.language})</span>}
                  </span>
                  <span className={`badge ${a.status}`}>{STATUS_LABEL[a.status]()}</span>
                </header>
                <p className="sr-only">{t('voice.item.original')}</p>
                <blockquote {...(a.language ? { lang: a.language } : {})}>{a.text}</blockquote>
                {a.translation && (
                  <p className="translation" lang={a.translation.language}>
                    <span className="muted" lang="en">
                      {t('voice.item.translation', { language: languageName(a.translation.language) })}{' '}
                    </span>
                    {a.translation.text}
                  </p>
                )}
                {a.note && (
                  <p>
                    <span className="muted">
                      {a.reviewedBy
                        ? a.reviewedAt
                          ? t('voice.item.note.byAt', { who: a.reviewedBy, at: cityDateTime(a.reviewedAt, tz) })
                          : t('voice.item.note.by', { who: a.reviewedBy })
                        : a.reviewedAt
                          ? t('voice.item.note.at', { at: cityDateTime(a.reviewedAt, tz) })
                          : t('voice.item.note.plain')}{' '}
                    </span>
                    {a.note}
                  </p>
                )}
                {a.contact && <p>{t('voice.item.replyTo', { contact: [a.contact.name, a.contact.email, a.contact.phone].filter(Boolean).join(' · ') })}</p>}
                <div className="actions">
                  {a.stopId && !stop && (
                    <button type="button" onClick={() => setStop({ id: a.stopId!, place: a.place ?? a.stopId! })} aria-label={a.place != null ? t('voice.item.onlyPlace', { place: a.place }) : t('voice.item.onlyThisStop')}>
                      {t('voice.item.onlyThisStop')}
                    </button>
                  )}
                  {mayAct && (
                    <button type="button" onClick={() => setEditing(a)} aria-label={t('voice.item.reviewText', { text: a.text.slice(0, 40) })}>
                      {t('voice.item.review')}
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
  const t = useOfficeT();

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const attempt = async (run: () => Promise<string>) => {
    setError(null);
    try {
      onClose(await run());
    } catch (e) {
      setError(errorText(e));
    }
  };
  const saveReview = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      await api('PUT', `${path}/review`, { status, note: note.trim() });
      return status === 'actioned' ? t('voice.dialog.markedActioned') : t('voice.dialog.markedReviewed');
    });
  };
  const saveTranslation = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      await api('PUT', `${path}/translation`, { language: language.trim(), text: translation });
      return t('voice.dialog.translationSaved');
    });
  };

  return (
    <dialog ref={dialog} aria-labelledby="voice-dialog-title" onCancel={() => onClose(null)}>
      <h2 id="voice-dialog-title">{t('voice.dialog.title')}</h2>
      <blockquote {...(item.language ? { lang: item.language } : {})}>{item.text}</blockquote>
      <form onSubmit={saveReview} aria-label={t('voice.dialog.reviewForm')}>
        <fieldset>
          <legend>{t('voice.dialog.markAs')}</legend>
          <label>
            <input type="radio" name="voice-status" checked={status === 'reviewed'} onChange={() => setStatus('reviewed')} /> {t('voice.status.reviewed')}
          </label>
          <label>
            <input type="radio" name="voice-status" checked={status === 'actioned'} onChange={() => setStatus('actioned')} /> {t('voice.status.actioned')}
          </label>
        </fieldset>
        <label htmlFor="voice-note">{t('voice.dialog.note')}</label>
        <textarea id="voice-note" maxLength={1000} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        <div className="actions">
          <button type="submit">{t('voice.dialog.saveReview')}</button>
        </div>
      </form>
      <form onSubmit={saveTranslation} aria-label={t('voice.dialog.translationForm')}>
        <label htmlFor="voice-translation-language">{t('voice.dialog.translationLanguage')}</label>
        <input id="voice-translation-language" value={language} size={8} onChange={(e) => setLanguage(e.target.value)} />
        <label htmlFor="voice-translation">{t('voice.dialog.translation')}</label>
        <textarea id="voice-translation" maxLength={2000} rows={3} value={translation} onChange={(e) => setTranslation(e.target.value)} />
        <div className="actions">
          <button type="submit">{t('voice.dialog.saveTranslation')}</button>
        </div>
      </form>
      <ProblemLine error={error} />
      <div className="actions">
        <button type="button" onClick={() => onClose(null)}>
          {t('voice.dialog.close')}
        </button>
      </div>
    </dialog>
  );
}
