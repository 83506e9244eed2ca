import type { RecordContext } from '../outbox';
import { recordEvent } from '../outbox';

export async function signIn(ctx: RecordContext, staff: { id: string; role: 'clerk' | 'supervisor' }): Promise<void> {
  await recordEvent(ctx, 'StaffSignedIn', () => ({ staffId: staff.id, role: staff.role }), async () => {});
}

export async function signOut(ctx: RecordContext, staffId: string, reason: 'manual' | 'idle' | 'replaced'): Promise<void> {
  await recordEvent(ctx, 'StaffSignedOut', () => ({ staffId, reason }), async () => {});
}
