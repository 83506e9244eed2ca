import { describe, expect, it } from 'vitest';
import { createI18n, LANGUAGES, languageOf } from '../../renderer/src/i18n';
import { asciiDigits, composeDate, datePartOrder, formatDateFor } from '../../renderer/src/resident/date-field';
import { checkCopies, checkDate, checkText } from '../../renderer/src/resident/validation';

/** The resident's dates, counts and numbers in their own language (Node's full ICU; Chromium's is checked in e2e). */

describe('date field order', () => {
  it.each([
    ['en-US', 'month-day-year'],
    ['es-US', 'day-month-year'],
    ['zh-CN', 'year-month-day'],
    ['zh-HK', 'day-month-year'],
    ['vi-VN', 'day-month-year'],
    ['ru-RU', 'day-month-year'],
    ['ar', 'day-month-year'],
    ['fr-FR', 'day-month-year'],
    ['pt-BR', 'day-month-year'],
    // ICU has no Haitian Creole dates: it would fall back to US English; Haiti writes day first, as French does.
    ['ht-HT', 'day-month-year'],
  ])('%s writes %s', (locale, order) => {
    expect(datePartOrder(locale).join('-')).toBe(order);
  });

  it('gives every kiosk language all three parts', () => {
    for (const language of LANGUAGES) expect([...datePartOrder(language.locale)].sort(), language.code).toEqual(['day', 'month', 'year']);
  });
});

describe('composing and checking a date', () => {
  const today = '2026-12-01';

  it('pads day and month and reads Arabic-Indic and full-width digits', () => {
    expect(composeDate({ day: '9', month: '6', year: '2001' })).toBe('2001-06-09');
    expect(composeDate({ day: '٩', month: '٠٦', year: '٢٠٠١' })).toBe('2001-06-09');
    expect(composeDate({ day: '９', month: '６', year: '２００１' })).toBe('2001-06-09');
    expect(asciiDigits('a٣b۴c５')).toBe('a3b4c5');
  });

  it('says what is wrong, in words: missing, incomplete, not on the calendar, after today', () => {
    expect(checkDate(composeDate({ day: '', month: '', year: '' }), today)).toEqual({ key: 'errors.required' });
    expect(checkDate(composeDate({ day: '9', month: '', year: '2001' }), today)).toEqual({ key: 'errors.date' });
    expect(checkDate(composeDate({ day: '9', month: '6', year: '01' }), today)).toEqual({ key: 'errors.date' });
    expect(checkDate(composeDate({ day: 'x', month: '6', year: '2001' }), today)).toEqual({ key: 'errors.date' });
    expect(checkDate(composeDate({ day: '31', month: '2', year: '2001' }), today)).toEqual({ key: 'errors.dateNotReal' });
    expect(checkDate(composeDate({ day: '1', month: '13', year: '2001' }), today)).toEqual({ key: 'errors.dateNotReal' });
    expect(checkDate(composeDate({ day: '29', month: '2', year: '2024' }), today)).toBeNull();
    // Today is allowed, tomorrow is not.
    expect(checkDate(composeDate({ day: '1', month: '12', year: '2026' }), today)).toBeNull();
    expect(checkDate(composeDate({ day: '2', month: '12', year: '2026' }), today)).toEqual({ key: 'errors.dateFuture' });
    expect(checkDate('2027-01-01', today)).toEqual({ key: 'errors.dateFuture' });
  });

  it('shows the date entered in words in the resident language, or in its numeric order where ICU has no words', () => {
    expect(formatDateFor(languageOf('en'), '2001-06-09')).toBe('June 9, 2001');
    expect(formatDateFor(languageOf('fr'), '2001-06-09')).toBe('9 juin 2001');
    expect(formatDateFor(languageOf('zh-Hans'), '2001-06-09')).toBe('2001年6月9日');
    expect(formatDateFor(languageOf('ht'), '2001-06-09')).toBe('9/6/2001');
  });

  it('"today or earlier" and "does not exist" are said in words in every language', () => {
    for (const language of LANGUAGES) {
      const t = createI18n(language.code).t;
      const hint = t('certificate.eventDateHint', { example: '9/6/2001' });
      expect(hint, language.code).toContain('9/6/2001');
      expect(t('errors.dateFuture'), language.code).not.toBe('errors.dateFuture');
      expect(t('errors.dateNotReal'), language.code).not.toBe('errors.dateNotReal');
      for (const part of ['day', 'month', 'year']) expect(t(`date.${part}`), `${language.code} date.${part}`).not.toBe(`date.${part}`);
    }
    expect(createI18n('en').t('certificate.eventDateHint', { example: '6/9/2001' })).toBe('Today or earlier, for example 6/9/2001.');
  });
});

describe('counts go through plural rules, numbers through Intl', () => {
  it('English: 1 second, 1 minute, 1 character — never "1 seconds"', () => {
    const { t } = createI18n('en');
    expect(t('idle.message', { count: 1 })).toBe('For your privacy this screen will start over in 1 second.');
    expect(t('idle.message', { count: 2 })).toBe('For your privacy this screen will start over in 2 seconds.');
    expect(t('ticket.estimatedWait', { count: 1 })).toBe('Estimated wait: about 1 minute');
    expect(t('ticket.estimatedWait', { count: 5 })).toBe('Estimated wait: about 5 minutes');
    expect(t('errors.tooLong', { count: 1000 })).toBe('This is too long (at most 1,000 characters).');
  });

  it('Arabic: the dual form for two, the digits Intl gives Arabic for the rest', () => {
    const { t } = createI18n('ar');
    const n = (value: number) => new Intl.NumberFormat('ar').format(value);
    expect(t('ticket.estimatedWait', { count: 2 })).toBe('مدة الانتظار المتوقعة: دقيقتان تقريبًا');
    expect(t('ticket.estimatedWait', { count: 1 })).toBe('مدة الانتظار المتوقعة: دقيقة واحدة تقريبًا');
    expect(t('ticket.estimatedWait', { count: 3 })).toBe(`مدة الانتظار المتوقعة: ${n(3)} دقائق تقريبًا`);
    expect(t('ticket.estimatedWait', { count: 11 })).toBe(`مدة الانتظار المتوقعة: ${n(11)} دقيقة تقريبًا`);
    expect(t('idle.message', { count: 2 })).toContain('بعد ثانيتين');
    expect(t('errors.tooLong', { count: 200 })).toBe(`النص طويل جدًا (الحد الأقصى ${n(200)} حرف).`);
  });

  it('Russian: one / few / many', () => {
    const { t } = createI18n('ru');
    expect(t('idle.message', { count: 1 })).toContain('через 1 секунду');
    expect(t('idle.message', { count: 3 })).toContain('через 3 секунды');
    expect(t('idle.message', { count: 5 })).toContain('через 5 секунд');
    expect(t('idle.message', { count: 21 })).toContain('через 21 секунду');
  });

  it('the limits in error messages are numbers of the locale', () => {
    const problem = checkCopies(21)!;
    expect(createI18n('en').t(problem.key, problem.values)).toBe('Enter a number from 1 to 20.');
    expect(createI18n('ru').t(problem.key, problem.values)).toBe('Введите число от 1 до 20.');
    const long = checkText('x'.repeat(201), { max: 200 })!;
    expect(createI18n('fr').t(long.key, long.values)).toBe('C’est trop long (200 caractères au maximum).');
    const longer = checkText('x'.repeat(4001), { max: 4000 })!;
    // French groups thousands with a narrow no-break space: the number went through Intl.
    expect(createI18n('fr').t(longer.key, longer.values)).toBe(`C’est trop long (${new Intl.NumberFormat('fr-FR').format(4000)} caractères au maximum).`);
    expect(new Intl.NumberFormat('fr-FR').format(4000)).toBe('4\u202f000');
  });
});
