import { z } from 'zod';
import { containsContactDetails } from './contact-guard';
import { requiredText, safeText } from './schema-helpers';

/**
 * "Tell the city": a question the office publishes for a stop or a neighbourhood, shipped with the catalogue (so it is
 * versioned with it) and written in every kiosk language, and the residents' answers, which are events like any other.
 */

/** The short list a resident picks a topic from; the words are in the kiosk's message files (tellCity.topics.*). */
export const cityTopics = ['streets', 'safety', 'parks', 'housing', 'transit', 'trash', 'other'] as const;
export type CityTopic = (typeof cityTopics)[number];

const questionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'question id must be lower-case letters, digits and dashes' });
const languageTagSchema = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language code such as en or zh-Hans' });

export const cityQuestionSchema = z.object({
  id: questionIdSchema,
  /** Where it is asked: every stop in the neighbourhood, or only the stop at `place`. */
  neighbourhood: z.string().min(1).max(100),
  place: z.string().min(1).max(200).nullable().default(null),
  /** The question in each language, by kiosk language code; English is required, the others fall back to it. */
  text: z
    .record(languageTagSchema, z.string().trim().min(1).max(300))
    .refine((t) => typeof t.en === 'string', { error: 'the question needs its English text (text.en)' }),
  topics: z.array(z.enum(cityTopics)).min(2).max(cityTopics.length).refine((t) => new Set(t).size === t.length, { error: 'a topic is listed twice' }),
  publishedAt: z.iso.datetime({ offset: true }),
});
export type CityQuestion = z.infer<typeof cityQuestionSchema>;

/** Free text a resident writes in an anonymous answer: no card numbers (safeText) and no contact details. */
export function anonymousText(max: number) {
  return safeText(max).refine((s) => !containsContactDetails(s), { error: 'must not contain an e-mail address or phone number; use the contact fields to be answered' });
}

export const cityQuestionAnsweredSchema = z.object({
  answerId: z.uuid({ error: 'must be a UUID' }),
  questionId: questionIdSchema,
  stopId: z.uuid().nullable(),
  neighbourhood: requiredText(100),
  place: safeText(200),
  /** The language the resident answered in. */
  language: languageTagSchema,
  topic: z.enum(cityTopics),
  text: anonymousText(1000),
  /** Only when the resident asked for a reply. */
  contact: z
    .object({
      name: safeText(100),
      email: z.email({ error: 'email address is malformed' }).max(200).nullable(),
      phone: z.string().regex(/^\+?[0-9 ().-]{7,20}$/, { error: 'phone number is malformed' }).nullable(),
    })
    .refine((c) => c.email !== null || c.phone !== null, { error: 'a reply needs an e-mail address or a phone number' })
    .nullable(),
});
export type CityQuestionAnswered = z.infer<typeof cityQuestionAnsweredSchema>;

/** The question for a stop: one published for its very place first, else one for its neighbourhood; the newest wins. */
export function questionForStop(questions: readonly CityQuestion[], stop: { neighbourhood: string; place: string }): CityQuestion | null {
  const same = (a: string, b: string) => a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');
  const here = questions.filter((q) => same(q.neighbourhood, stop.neighbourhood) && (q.place === null || same(q.place, stop.place)));
  const newest = (list: CityQuestion[]) => [...list].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))[0] ?? null;
  return newest(here.filter((q) => q.place !== null)) ?? newest(here);
}
