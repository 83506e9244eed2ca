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

/** Separators people (or someone hiding a card number) put between digit groups: up to this many non-digit, non-letter characters. */
const MAX_SEPARATOR = 3;

/** Digits of any script: Unicode puts each script's decimal digits 0–9 in one contiguous run, so a digit's value is its place in that run. */
const DECIMAL_DIGIT = /\p{Nd}/u;

function digitValue(char: string): number {
  if (char >= '0' && char <= '9') return char.charCodeAt(0) - 48;
  let start = char.codePointAt(0)!;
  while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (char.codePointAt(0)! - start) % 10;
}

const NUMERIC = /\p{Nd}/gu;
const NON_ASCII = /[\u0080-\uFFFF]/;
const LETTER = /\p{L}/u;

/**
 * The digit groups of a text, after NFKC (full-width digits, circled digits…) and with any script's digits read as
 * 0–9: each group is a run of digits; groups joined by up to MAX_SEPARATOR non-digit, non-letter characters form one
 * candidate sequence.
 */
function digitSequences(normal: string): string[][] {
  const sequences: string[][] = [];
  let groups: string[] = [];
  let group = '';
  let gap = 0;
  const endGroup = () => {
    if (group) groups.push(group);
    group = '';
  };
  const endSequence = () => {
    endGroup();
    if (groups.length > 0) sequences.push(groups);
    groups = [];
  };
  for (const char of normal) {
    if (DECIMAL_DIGIT.test(char)) {
      if (gap > MAX_SEPARATOR) endSequence();
      gap = 0;
      group += String(digitValue(char));
      continue;
    }
    endGroup();
    if (LETTER.test(char)) {
      endSequence();
      gap = MAX_SEPARATOR + 1;
    } else {
      gap++;
    }
  }
  endSequence();
  return sequences;
}

/**
 * True when the text holds a Luhn-valid run of 13–19 digits: a payment card number must never be stored. Disguises
 * are seen through: dots, slashes, double spaces or dashes between groups, full-width or Arabic-Indic digits, zero-width
 * characters. A candidate starts at the start of a digit group and ends at the end of one, as card numbers are written.
 */
export function containsCardNumber(text: string): boolean {
  // Most text has fewer than 13 digits at all; answer that without the full scan (and plain ASCII without normalising).
  if (text.length < 13) return false;
  const normal = NON_ASCII.test(text) ? text.normalize('NFKC') : text;
  const numerals = normal.match(NUMERIC);
  if (!numerals || numerals.length < 13) return false;
  for (const groups of digitSequences(normal)) {
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length; last++) {
        digits += groups[last];
        if (digits.length > 19) break;
        if (digits.length >= 13 && luhnValid(digits)) return true;
      }
    }
  }
  return false;
}
