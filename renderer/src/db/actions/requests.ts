import { newId, type EventPayloadInput } from '../../../../shared';
import { recordEvent, type RecordContext } from '../outbox';
import { padReference } from './local-reference';
import { currentStop } from './open-stop';

export async function fileServiceRequest(
  ctx: RecordContext,
  input: Omit<EventPayloadInput<'ServiceRequestFiled'>, 'requestId' | 'localReference' | 'stopId'>,
): Promise<{ requestId: string; localReference: string }> {
  const requestId = newId();
  const stop = await currentStop(ctx);
  let localReference = '';
  await recordEvent(
    ctx,
    'ServiceRequestFiled',
    (seq) => ({ ...input, requestId, localReference: padReference('SR', seq), stopId: stop?.id ?? null }),
    async (event) => {
      if (event.type !== 'ServiceRequestFiled') return;
      localReference = event.payload.localReference;
      await ctx.db.serviceRequests.add({
        requestId,
        localReference,
        serviceCode: event.payload.service_code,
        description: event.payload.description,
        addressString: event.payload.address_string,
        filedAt: event.occurredAt,
        status: 'open',
        statusNotes: null,
        updatedAt: event.occurredAt,
      });
    },
    { personal: { ...input, requestId } },
  );
  return { requestId, localReference };
}
