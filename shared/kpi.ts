import { z } from 'zod';
import { cityTopics } from './city-questions';

/** The programme's measures over time and the residents' voice (issue 17): the API's query and body shapes. */

export const kpiGroupings = ['day', 'week', 'month'] as const;
export type KpiGrouping = (typeof kpiGroupings)[number];
export const kpiDimensions = ['van', 'neighbourhood', 'service'] as const;
export type KpiDimension = (typeof kpiDimensions)[number];

/** The longest period one request may cover (two years of city days). */
export const KPI_MAX_DAYS = 732;

const cityDate = z.iso.date({ error: 'must be a city date (YYYY-MM-DD)' });
const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

const period = (prefix: '' | 'compare') => {
  const fromKey = prefix ? 'compareFrom' : 'from';
  const toKey = prefix ? 'compareTo' : 'to';
  return { fromKey, toKey };
};

export const kpiQuerySchema = z
  .object({
    from: cityDate,
    to: cityDate,
    grouping: z.enum(kpiGroupings, { error: 'grouping is day, week or month' }).default('week'),
    dimension: z.enum(kpiDimensions, { error: 'dimension is van, neighbourhood or service' }).default('van'),
    /** A second period shown beside the first. */
    compareFrom: cityDate.optional(),
    compareTo: cityDate.optional(),
  })
  .superRefine((q, ctx) => {
    for (const prefix of ['', 'compare'] as const) {
      const { fromKey, toKey } = period(prefix);
      const from = q[fromKey as 'from'];
      const to = q[toKey as 'to'];
      if (from === undefined && to === undefined) continue;
      if (from === undefined || to === undefined) {
        ctx.addIssue({ code: 'custom', path: [from === undefined ? fromKey : toKey], message: 'a compared period needs both compareFrom and compareTo' });
        continue;
      }
      if (from > to) ctx.addIssue({ code: 'custom', path: [fromKey], message: `"${fromKey}" must not be after "${toKey}"` });
      else if (daysBetween(from, to) >= KPI_MAX_DAYS) ctx.addIssue({ code: 'custom', path: [toKey], message: `a period covers at most ${KPI_MAX_DAYS} days` });
    }
  });
export type KpiQueryInput = z.input<typeof kpiQuerySchema>;

const seconds = z.number().int().nullable();
export const kpiRowSchema = z.object({
  period: z.string(),
  key: z.string(),
  tickets: z.number().int(),
  residentsServed: z.number().int(),
  waitMedianSeconds: seconds,
  waitP90Seconds: seconds,
  serviceMedianSeconds: seconds,
  serviceP90Seconds: seconds,
  surveys: z.number().int(),
  /** Average rating 1–5, two decimals; null without answers. */
  satisfactionAverage: z.number().nullable(),
  /** Survey answers per resident served, 0–1 (null when nobody was served). */
  responseRate: z.number().nullable(),
  requests311: z.number().int(),
  cityAnswers: z.number().int(),
});
export type KpiRow = z.infer<typeof kpiRowSchema>;

export const kpiPeriodSchema = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(kpiRowSchema),
  /** The whole period, across every key: medians and percentiles over every ticket, not averages of the rows'. */
  totals: kpiRowSchema.omit({ period: true, key: true }),
  languages: z.array(z.object({ period: z.string(), key: z.string(), language: z.string(), tickets: z.number().int() })),
});
export type KpiPeriod = z.infer<typeof kpiPeriodSchema>;

export const kpiResponseSchema = z.object({
  grouping: z.enum(kpiGroupings),
  dimension: z.enum(kpiDimensions),
  timeZone: z.string(),
  period: kpiPeriodSchema,
  compare: kpiPeriodSchema.nullable(),
});
export type KpiResponse = z.infer<typeof kpiResponseSchema>;

export const voiceKinds = ['survey', 'city'] as const;
export type VoiceKind = (typeof voiceKinds)[number];
export const voiceReviewStatuses = ['new', 'reviewed', 'actioned'] as const;
export type VoiceReviewStatus = (typeof voiceReviewStatuses)[number];

/** One comment or answer in the office's "Residents' voice" feed, as GET /v1/office/voice sends it. */
export interface VoiceItem {
  kind: VoiceKind;
  id: string;
  stopId: string | null;
  place: string | null;
  neighbourhood: string | null;
  language: string | null;
  topic: string | null;
  rating: number | null;
  text: string;
  /** Only when the resident asked for a reply ("Tell the city"). */
  contact: { name: string; email: string | null; phone: string | null } | null;
  at: string;
  businessDate: string;
  status: VoiceReviewStatus;
  note: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  translation: { language: string; text: string; by: string | null; at: string | null } | null;
}

const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language code such as es or zh-Hant' });

export const voiceFeedQuerySchema = z
  .object({
    from: cityDate.optional(),
    to: cityDate.optional(),
    kind: z.enum(voiceKinds).optional(),
    stop: z.uuid({ error: 'stop must be a stop id' }).optional(),
    neighbourhood: z.string().trim().min(1).max(100).optional(),
    topic: z.enum(cityTopics).optional(),
    language: languageTag.optional(),
    status: z.enum(voiceReviewStatuses).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: '"from" must not be after "to"', path: ['from'] });

export const voiceItemParamsSchema = z.object({ kind: z.enum(voiceKinds, { error: 'kind is survey or city' }), id: z.uuid({ error: 'must be an answer id' }) });

/** Marking a comment reviewed or actioned; actioned needs a note saying what was done. */
export const voiceReviewBodySchema = z
  .object({
    status: z.enum(['reviewed', 'actioned'], { error: 'status is reviewed or actioned' }),
    note: z.string().trim().max(1000, { error: 'a note has at most 1000 characters' }).default(''),
  })
  .refine((b) => b.status !== 'actioned' || b.note.length > 0, { error: 'say what was done in the note', path: ['note'] });

export const voiceTranslationBodySchema = z.object({
  language: languageTag,
  text: z.string().trim().min(1, { error: 'the translation is empty' }).max(2000, { error: 'a translation has at most 2000 characters' }),
});
