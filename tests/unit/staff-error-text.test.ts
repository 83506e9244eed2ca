import { createInstance } from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../renderer/src/db/actions';
import { staffErrorText } from '../../renderer/src/error-text';
import { createStaffI18n, STAFF_MESSAGES, STAFF_NAMESPACE } from '../../renderer/src/i18n/staff';

const en = createStaffI18n('en').getFixedT('en', STAFF_NAMESPACE);

describe('staffErrorText: the words a clerk reads for an error', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads a DomainError by its key, with its values and its context', () => {
    expect(staffErrorText(en, new DomainError('not_signed_in', 'Sign in first.'))).toBe('Sign in first.');
    expect(staffErrorText(en, new DomainError('refund_too_large', 'At most 4.00 can still be refunded on R-7.', { params: { amount: '4.00', receipt: 'R-7' } }))).toBe('At most 4.00 can still be refunded on R-7.');
    const ticket = new DomainError('ticket_state', 'Ticket A3 is already no-show.', { key: 'errors.ticket_already', params: { number: 'A3', context: 'no_show' } });
    expect(staffErrorText(en, ticket)).toBe(ticket.message);
  });

  it('shows the language’s words, not the English message, once staff have another language', () => {
    const i18n = createInstance();
    void i18n.init({ resources: { en: { [STAFF_NAMESPACE]: STAFF_MESSAGES.en! }, fr: { [STAFF_NAMESPACE]: { errors: { not_signed_in: 'Connectez-vous d’abord.' } } } }, lng: 'fr', fallbackLng: 'en', initAsync: false });
    const fr = i18n.getFixedT('fr', STAFF_NAMESPACE);
    expect(staffErrorText(fr, new DomainError('not_signed_in', 'Sign in first.'))).toBe('Connectez-vous d’abord.');
  });

  it('gives an unknown error, or a code with no message, a plain sentence and logs the cause', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const storage = new Error('QuotaExceededError: the quota has been exceeded');
    expect(staffErrorText(en, storage)).toBe('This did not work. Try again; if it happens again, tell a supervisor.');
    expect(staffErrorText(en, new DomainError('brand_new_rule', 'Some English nobody translated.'))).toBe('This did not work. Try again; if it happens again, tell a supervisor.');
    expect(staffErrorText(en, 'a string thrown', 'Not saved.')).toBe('Not saved.');
    expect(log).toHaveBeenCalledWith(storage);
  });
});
