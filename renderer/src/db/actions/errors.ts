/** A kiosk rule refused an action; nothing was written. `code` is for programs, `message` for the person. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
