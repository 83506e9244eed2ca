import { useState } from 'react';
import { cityTopics } from '../../shared';
import { api } from './api';
import type { SectionProps } from './App';
import { cityDateTime } from './format';
import { useLoad } from './useLoad';

interface Answer {
  id: string;
  neighbourhood: string;
  place: string;
  language: string;
  topic: string;
  text: string;
  contact: { name: string; email: string | null; phone: string | null } | null;
  answeredAt: string;
}

export function Voice({ session }: SectionProps) {
  const [topic, setTopic] = useState('');
  const [neighbourhood, setNeighbourhood] = useState('');
  const query = new URLSearchParams({ ...(topic ? { topic } : {}), ...(neighbourhood.trim() ? { neighbourhood: neighbourhood.trim() } : {}) }).toString();
  const { data, error } = useLoad(() => api<{ answers: Answer[]; summary: { neighbourhood: string; counts: Record<string, number> }[] }>('GET', `/v1/office/voice${query ? `?${query}` : ''}`), query);
  const tz = session.cityTimeZone;
  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
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
      </form>
      {error && <p role="alert">{error}</p>}
      {data && (
        <>
          <table>
            <caption>Answers by topic per neighbourhood</caption>
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
          <table>
            <caption>{data.answers.length === 1 ? '1 answer' : `${data.answers.length} answers`}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Where</th>
                <th scope="col">Topic</th>
                <th scope="col">Language</th>
                <th scope="col">What the resident wrote (original)</th>
                <th scope="col">Reply to</th>
              </tr>
            </thead>
            <tbody>
              {data.answers.map((a) => (
                <tr key={a.id}>
                  <td>{cityDateTime(a.answeredAt, tz)}</td>
                  <th scope="row">
                    {a.place}
                    <div className="muted">{a.neighbourhood}</div>
                  </th>
                  <td>{a.topic}</td>
                  <td>{a.language}</td>
                  <td lang={a.language}>{a.text}</td>
                  <td>{a.contact ? [a.contact.name, a.contact.email, a.contact.phone].filter(Boolean).join(' · ') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
