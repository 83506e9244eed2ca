import { CodedError } from '../../../../shared';

/** Values put into a staff message (`{{number}}`, `{{amount}}`…), already formatted; `context` picks a variant key. */
export type StaffTextParams = Record<string, string | number>;

/**
 * A kiosk rule refused an action; nothing was written. `code` is for programs, `message` (English) for logs and tests;
 * the person reads `key` in the staff catalogue (`errors.<code>` unless one code has several sentences), filled with
 * `params`: see staffErrorText.
 */
export class DomainError extends CodedError {
  readonly key: string;
  readonly params: StaffTextParams;

  constructor(code: string, message: string, options: { key?: string; params?: StaffTextParams } = {}) {
    super(code, message);
    this.key = options.key ?? `errors.${code}`;
    this.params = options.params ?? {};
  }
}
