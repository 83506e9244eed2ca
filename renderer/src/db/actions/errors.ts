import { CodedError } from '../../../../shared';
import type { StaffText, StaffTextParams } from '../../error-text';

/**
 * A kiosk rule refused an action; nothing was written. `code` is for programs, `message` (English) for logs and tests;
 * the person reads `text`: `key` in the staff catalogue (`errors.<code>` unless one code has several sentences),
 * filled with `params` (see staffErrorText).
 */
export class DomainError extends CodedError {
  readonly text: StaffText;

  constructor(code: string, message: string, options: { key?: string; params?: StaffTextParams } = {}) {
    super(code, message);
    this.text = { key: options.key ?? `errors.${code}`, params: options.params ?? {} };
  }
}
