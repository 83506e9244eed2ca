import { newId, type EventPayloadInput } from '../../../../shared';
import { recordEvent, type RecordContext } from '../outbox';
import { DomainError } from './errors';
import { currentStop } from './open-stop';

export async function answerSurvey(ctx: RecordContext, input: { rating: number; comment: string; ticketId: string | null }): Promise<void> {
  const surveyId = newId();
  const stop = await currentStop(ctx);
  await recordEvent(ctx, 'SurveyAnswered', () => ({ surveyId, stopId: stop?.id ?? null, ...input }), async (event) => {
    if (event.type !== 'SurveyAnswered') return;
    await ctx.db.surveys.add({ id: surveyId, stopId: stop?.id ?? null, ticketId: input.ticketId, rating: input.rating, comment: input.comment, answeredAt: event.occurredAt });
  }, { personal: { surveyId, comment: input.comment } });
}

/** A resident's answer to the question published for this stop or neighbourhood; anonymous unless they ask for a reply. */
export async function answerCityQuestion(
  ctx: RecordContext,
  input: Omit<EventPayloadInput<'CityQuestionAnswered'>, 'answerId' | 'stopId' | 'neighbourhood' | 'place'>,
): Promise<void> {
  const answerId = newId();
  const stop = await currentStop(ctx);
  if (!stop) throw new DomainError('no_stop', 'The city’s questions are answered at an open stop.');
  await recordEvent(ctx, 'CityQuestionAnswered', () => ({ ...input, answerId, stopId: stop.id, neighbourhood: stop.neighbourhood, place: stop.place }), async (event) => {
    if (event.type !== 'CityQuestionAnswered') return;
    await ctx.db.cityAnswers.add({ id: answerId, stopId: stop.id, questionId: input.questionId, language: input.language, topic: input.topic, answeredAt: event.occurredAt });
  }, { readModels: (db) => [db.cityAnswers], personal: { text: input.text, contact: input.contact } });
}
