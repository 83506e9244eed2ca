import { newId } from '../../../../shared';
import { recordEvent, type RecordContext } from '../outbox';
import { DomainError } from './errors';
import { currentStop } from './open-stop';

export async function requestHelp(ctx: RecordContext, language: string | null): Promise<string> {
  const requestId = newId();
  const stop = await currentStop(ctx);
  await recordEvent(ctx, 'HelpRequested', () => ({ requestId, stopId: stop?.id ?? null, language }), async (event) => {
    await ctx.db.helpRequests.add({ id: requestId, stopId: stop?.id ?? null, language, requestedAt: event.occurredAt, answeredAt: null, answeredBy: null, cancelledAt: null, open: 1 });
  });
  return requestId;
}

export async function answerHelp(ctx: RecordContext, requestId: string): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  const staffId = ctx.actorId;
  await recordEvent(ctx, 'HelpAnswered', () => ({ requestId, staffId }), async (event) => {
    const request = await ctx.db.helpRequests.get(requestId);
    if (!request) throw new DomainError('unknown_help_call', 'No such help call.');
    if (request.cancelledAt) throw new DomainError('help_cancelled', 'The resident no longer needs help.');
    if (request.answeredAt) throw new DomainError('help_answered', 'Someone is already on their way.');
    await ctx.db.helpRequests.update(requestId, { answeredAt: event.occurredAt, answeredBy: staffId, open: undefined });
  });
}

/** The resident withdraws a help call from the touchscreen; the staff window's banner goes away. */
export async function cancelHelp(ctx: RecordContext, requestId: string): Promise<void> {
  await recordEvent(ctx, 'HelpCancelled', () => ({ requestId }), async (event) => {
    const request = await ctx.db.helpRequests.get(requestId);
    if (!request) throw new DomainError('unknown_help_call', 'No such help call.');
    if (request.cancelledAt) throw new DomainError('help_cancelled', 'This call was already cancelled.', { key: 'errors.help_already_cancelled' });
    await ctx.db.helpRequests.update(requestId, { cancelledAt: event.occurredAt, open: undefined });
  });
}
