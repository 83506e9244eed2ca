/**
 * Contact details typed into free text that is meant to be anonymous ("Tell the city" answers are read by the office
 * and may be published): an e-mail address, or a phone number (seven or more digits, however they are grouped).
 * Card numbers are the card guard's job (containsCardNumber in ./text).
 */

const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[\p{L}]{2,}/u;
// Seven or more digits, separated at most by single spaces, dots, dashes, slashes or brackets, as phone numbers are written.
const PHONE = /(?:\+\s?)?\(?\d(?:[\s./()-]{0,2}\d){6,}/;

export function containsContactDetails(text: string): boolean {
  return EMAIL.test(text) || PHONE.test(text);
}
