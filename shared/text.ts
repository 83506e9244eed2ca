/** Checks for free text typed on a kiosk: no control characters, no card numbers. */

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARS.test(text);
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// Runs of digits, possibly grouped by single spaces or dashes, as card numbers are written.
const DIGIT_RUN = /\d(?:[ -]?\d){12,}/g;

const THIRTEEN_DIGITS = /(?:\d[ -]?){13}/;

/** True when the text holds a Luhn-valid run of 13–19 digits: a payment card number must never be stored. */
export function containsCardNumber(text: string): boolean {
  // Most text has no run of 13 digits at all; answer that without the full scan.
  if (text.length < 13 || !THIRTEEN_DIGITS.test(text)) return false;
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
  }
  return false;
}
