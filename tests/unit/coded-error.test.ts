import { describe, expect, it } from 'vitest';
import { CodedError } from '../../shared';
import { HttpError } from '../../server/errors';
import { DomainError } from '../../renderer/src/db/actions/errors';
import { SyncError } from '../../renderer/src/sync/engine';
import { said } from '../../renderer/src/error-text';

describe('one error base with a code', () => {
  it('an HTTP error is a CodedError: a program branches on its code, a person reads its message, logs name its kind', () => {
    const error: unknown = new HttpError(409, 'seq_conflict', 'seq 3 was already used');
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'seq_conflict', message: 'seq 3 was already used', statusCode: 409, name: 'HttpError' });
  });

  it('a kiosk rule and a sync failure are CodedErrors too, with the staff words a person reads beside the English', () => {
    const rule: unknown = new DomainError('refund_too_large', 'At most 4.00 can still be refunded on R-7.', { params: { amount: '4.00', receipt: 'R-7' } });
    expect(rule).toBeInstanceOf(CodedError);
    expect(rule).toMatchObject({ code: 'refund_too_large', name: 'DomainError', text: { key: 'errors.refund_too_large', params: { amount: '4.00', receipt: 'R-7' } } });
    const sync: unknown = new SyncError(said('errors.sync.no_event', 'No event with seq 9.', { seq: 9 }));
    expect(sync).toBeInstanceOf(CodedError);
    expect(sync).toMatchObject({ code: 'no_event', message: 'No event with seq 9.', name: 'SyncError', text: { key: 'errors.sync.no_event', params: { seq: 9 } } });
  });
});
