import { describe, expect, it } from 'vitest';
import { CodedError } from '../../shared';
import { HttpError } from '../../server/errors';

describe('one error base with a code', () => {
  it('an HTTP error is a CodedError: a program branches on its code, a person reads its message, logs name its kind', () => {
    const error: unknown = new HttpError(409, 'seq_conflict', 'seq 3 was already used');
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'seq_conflict', message: 'seq 3 was already used', statusCode: 409, name: 'HttpError' });
  });
});
