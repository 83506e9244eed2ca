import { useState, type FormEvent } from 'react';
import { cityTopics, type CityQuestion, type CityTopic } from '../../shared';
import { LANGUAGES } from '../src/i18n/languages';
import { api, ApiError, errorText } from './api';
import type { SectionProps } from './App';
import { cityDateTime, languageName, topicName } from './format';
import { useOfficeT } from './i18n';
import { useLoad } from './useLoad';
import { DataTable, SavedLine, ProblemLine } from './parts';

/** "Tell the city": publish a question for a neighbourhood or one stop, in the kiosk's languages; the touchscreen there asks it. */
export function Questions({ session }: SectionProps) {
  const { data, error, reload } = useLoad(() => api<{ questions: CityQuestion[] }>('GET', '/v1/office/city-questions'), 'questions');
  const [message, setMessage] = useState<string | null>(null);
  const t = useOfficeT();
  return (
    <>
      <SavedLine message={message} />
      <ProblemLine error={error} />
      {data && (
        <DataTable
          caption={t('questions.caption', { count: data.questions.length })}
          columns={[t('questions.columns.question'), t('questions.columns.where'), t('questions.columns.languages'), t('questions.columns.topics'), t('questions.columns.published')]}
        >
          {data.questions.map((q) => (
            <tr key={q.id}>
              <th scope="row">
                {q.text.en}
                <div className="muted">{q.id}</div>
              </th>
              <td>{q.place ? t('questions.where.place', { place: q.place, neighbourhood: q.neighbourhood }) : t('questions.where.everyStop', { neighbourhood: q.neighbourhood })}</td>
              <td>{Object.keys(q.text).join(', ')}</td>
              <td>{q.topics.map(topicName).join(', ')}</td>
              <td>{cityDateTime(q.publishedAt, session.cityTimeZone)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <NewQuestion
        onPublished={(text, version) => {
          setMessage(t('questions.published', { text, version }));
          reload();
        }}
      />
    </>
  );
}

function NewQuestion({ onPublished }: { onPublished: (text: string, version: number) => void }) {
  const [id, setId] = useState('');
  const [neighbourhood, setNeighbourhood] = useState('');
  const [place, setPlace] = useState('');
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [topics, setTopics] = useState<CityTopic[]>([...cityTopics]);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const t = useOfficeT();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setIssues({});
    const text = Object.fromEntries(Object.entries(texts).filter(([, value]) => value.trim() !== ''));
    try {
      const done = await api<{ catalogueVersion: number }>('POST', '/v1/office/city-questions', { id, neighbourhood, place: place.trim() || null, text, topics });
      onPublished(text.en ?? id, done.catalogueVersion);
      setId('');
      setTexts({});
    } catch (e) {
      if (e instanceof ApiError && e.issues) setIssues(Object.fromEntries(e.issues.map((i) => [i.path.join('.'), i.message])));
      setError(errorText(e));
    }
  }
  const problem = (key: string) =>
    issues[key] ? (
      <p className="field-error" id={`q-${key.replace('.', '-')}-error`}>
        {issues[key]}
      </p>
    ) : null;
  const invalid = (key: string) => (issues[key] ? { 'aria-invalid': true as const, 'aria-describedby': `q-${key.replace('.', '-')}-error` } : {});

  return (
    <section aria-labelledby="new-question-title">
      <h2 id="new-question-title">{t('questions.new.title')}</h2>
      <form onSubmit={submit} className="stack">
        <label htmlFor="q-id">{t('questions.new.id')}</label>
        <input id="q-id" value={id} onChange={(e) => setId(e.target.value)} required maxLength={64} {...invalid('id')} />
        {problem('id')}
        <label htmlFor="q-neighbourhood">{t('questions.new.neighbourhood')}</label>
        <input id="q-neighbourhood" value={neighbourhood} onChange={(e) => setNeighbourhood(e.target.value)} required maxLength={100} {...invalid('neighbourhood')} />
        {problem('neighbourhood')}
        <label htmlFor="q-place">{t('questions.new.place')}</label>
        <input id="q-place" value={place} onChange={(e) => setPlace(e.target.value)} maxLength={200} {...invalid('place')} />
        {problem('place')}
        <fieldset>
          <legend>{t('questions.new.texts')}</legend>
          {LANGUAGES.map((language) => (
            <div key={language.code} className="edit-field">
              <label htmlFor={`q-text-${language.code}`}>
                {languageName(language.code, language.name)} ({language.code})
              </label>
              <textarea
                id={`q-text-${language.code}`}
                lang={language.code}
                dir={language.dir}
                rows={2}
                maxLength={300}
                value={texts[language.code] ?? ''}
                onChange={(e) => setTexts((current) => ({ ...current, [language.code]: e.target.value }))}
                {...invalid(language.code === 'en' ? 'text' : `text.${language.code}`)}
              />
              {language.code === 'en' ? problem('text') : problem(`text.${language.code}`)}
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('questions.new.topics')}</legend>
          {cityTopics.map((topic) => (
            <label key={topic} className="check">
              <input type="checkbox" checked={topics.includes(topic)} onChange={(e) => setTopics((list) => (e.target.checked ? cityTopics.filter((x) => x === topic || list.includes(x)) : list.filter((x) => x !== topic)))} /> {topicName(topic)}
            </label>
          ))}
          {problem('topics')}
        </fieldset>
        <ProblemLine error={error} />
        <button type="submit">{t('questions.new.submit')}</button>
      </form>
    </section>
  );
}
