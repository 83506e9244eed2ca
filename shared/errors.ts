/**
 * The one base of the project's errors: a `code` a program can branch on and a message a person can act on. The class
 * name is the error's name, so logs say which kind it was.
 */
export class CodedError<C extends string | number = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
