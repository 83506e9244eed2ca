import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n';
import { ProblemText, useLanguage } from './parts';
import type { FieldProblem } from './validation';

/**
 * A date typed as day, month and year, in the order the resident's language writes them (month first in US English,
 * year first in Simplified Chinese, day first nearly everywhere else), with each box labelled in that language. Not
 * the browser's date picker, whose order and words follow the browser's language rather than the resident's.
 */

export type DatePart = 'day' | 'month' | 'year';

const SAMPLE = Date.UTC(2001, 5, 9);

/**
 * Where Chromium's ICU has no date data for a language, the locale whose order it writes dates in (Haitian Creole
 * writes day/month/year, as French does; ICU without `ht` would fall back to US English).
 */
const ORDER_FALLBACK: Record<string, string> = { 'ht-HT': 'fr-HT' };

function supported(locale: string): boolean {
  return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
}

/** The order of day, month and year in `locale`'s numeric dates (formatToParts of a sample date). */
export function datePartOrder(locale: string): DatePart[] {
  const tag = supported(locale) ? locale : (ORDER_FALLBACK[locale] ?? locale);
  const parts = new Intl.DateTimeFormat(tag, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(SAMPLE);
  return parts.map((part) => part.type).filter((type): type is DatePart => type === 'day' || type === 'month' || type === 'year');
}

/** Zeros of the digit sets a resident's keyboard may type: Arabic-Indic, Eastern Arabic-Indic (Persian), full-width. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0xff10];

/** Arabic-Indic (٠–٩), Eastern Arabic-Indic and full-width (０–９) digits as ASCII digits; everything else unchanged. */
export function asciiDigits(text: string): string {
  return [...text]
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      const zero = DIGIT_ZEROS.find((z) => code >= z && code <= z + 9);
      return zero === undefined ? ch : String(code - zero);
    })
    .join('');
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** YYYY-MM-DD from the three boxes; '' when all are empty; a value checkDate refuses when a box is missing or not a number. */
export function composeDate(parts: DateParts): string {
  const day = asciiDigits(parts.day.trim());
  const month = asciiDigits(parts.month.trim());
  const year = asciiDigits(parts.year.trim());
  if (day === '' && month === '' && year === '') return '';
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return 'incomplete';
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** A date in words in the resident's language ("9 juin 2001"), or in its numeric order where ICU has no words for it. */
export function formatDateFor(language: Language, isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const utc = Date.UTC(year, month - 1, day);
  if (supported(language.locale)) return new Intl.DateTimeFormat(language.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(utc);
  const values: Record<DatePart, string> = { day: String(day), month: String(month), year: String(year) };
  return datePartOrder(language.locale)
    .map((part) => values[part])
    .join('/');
}

/** An example of a numeric date in the resident's order (9/6/2001, 2001/6/9, 6/9/2001). */
function exampleDate(language: Language): string {
  const tag = supported(language.locale) ? language.locale : (ORDER_FALLBACK[language.locale] ?? language.locale);
  return new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(SAMPLE);
}

const WIDTH: Record<DatePart, string> = { day: 'r-date-day', month: 'r-date-month', year: 'r-date-year' };

export function DateField(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: FieldProblem | null;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [parts, setParts] = useState<DateParts>(() => {
    const [year = '', month = '', day = ''] = /^\d{4}-\d{2}-\d{2}$/.test(props.value) ? props.value.split('-') : [];
    return { day, month, year };
  });
  const order = datePartOrder(language.locale);
  const composed = composeDate(parts);
  const describedBy = [hintId, props.problem ? errorId : null].filter(Boolean).join(' ');

  const set = (part: DatePart, text: string) => {
    const next = { ...parts, [part]: text };
    setParts(next);
    props.onChange(composeDate(next));
  };

  return (
    <fieldset className={`r-field r-date ${props.problem ? 'r-field-invalid' : ''}`} aria-describedby={describedBy} data-testid={`${props.name}-field`}>
      <legend>{props.label}</legend>
      <p id={hintId} className="r-hint">
        {t('certificate.eventDateHint', { example: exampleDate(language) })}
      </p>
      <div className="r-date-parts" data-order={order.join('-')}>
        {order.map((part, index) => (
          <div key={part} className={`r-date-part ${WIDTH[part]}`}>
            <label htmlFor={`${id}-${part}`}>{t(`date.${part}`)}</label>
            <input
              id={`${id}-${part}`}
              name={`${props.name}-${part}`}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              maxLength={part === 'year' ? 4 : 2}
              value={parts[part]}
              required={props.required}
              aria-invalid={props.problem ? true : undefined}
              aria-describedby={props.problem ? errorId : undefined}
              data-field={index === 0 ? props.name : undefined}
              onChange={(event) => set(part, event.target.value)}
            />
          </div>
        ))}
      </div>
      {/^\d{4}-\d{2}-\d{2}$/.test(composed) && !props.problem && (
        <p className="r-hint r-date-entered" aria-live="polite" data-testid={`${props.name}-entered`}>
          {t('date.entered', { date: formatDateFor(language, composed) })}
        </p>
      )}
      <ProblemText id={errorId} problem={props.problem} />
    </fieldset>
  );
}
