import { recordEvent, type RecordContext } from '../outbox';
import { DomainError } from './errors';

/** A supervisor marks a rejected event resolved, with a note; the rejected event stays in quarantine. */
export async function resolveRejection(ctx: RecordContext, seq: number, note: string): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  const staffId = ctx.actorId;
  const rejected = await ctx.db.quarantine.get(seq);
  if (!rejected) throw new DomainError('unknown_rejection', 'No such rejected event.');
  await recordEvent(ctx, 'RejectionResolved', () => ({ eventId: rejected.id, seq, note: note.trim(), staffId }), async (event) => {
    await ctx.db.quarantine.update(seq, { resolvedAt: event.occurredAt, resolvedBy: staffId, resolutionNote: note.trim() });
  });
}
