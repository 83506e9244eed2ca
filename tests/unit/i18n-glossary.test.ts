import { describe, expect, it } from 'vitest';
import glossaryJson from '../../renderer/src/i18n/glossary.json';
import { LANGUAGES } from '../../renderer/src/i18n/languages';
import { messages } from '../../renderer/src/i18n/messages';
import { flatten, glossaryProblems, termPattern, type GlossaryFile } from '../../scripts/i18n/strings';

const glossary = glossaryJson as GlossaryFile;
const english = flatten(messages.en);
const translated = LANGUAGES.filter((l) => l.code !== 'en');

describe('the civic glossary', () => {
  it('has ticket, permit, certificate, 311 and receipt, with a word in every translated language', () => {
    expect(Object.keys(glossary.terms).sort()).toEqual(['311', 'certificate', 'permit', 'receipt', 'ticket']);
    for (const term of Object.values(glossary.terms)) {
      expect(Object.keys(term.translations).sort()).toEqual(translated.map((l) => l.code).sort());
    }
  });

  it('matches whole English words, plural too, in any case', () => {
    expect(termPattern('ticket').test('Take a ticket')).toBe(true);
    expect(termPattern('ticket').test('Tickets for the counter')).toBe(true);
    expect(termPattern('permit').test('Permits and licences')).toBe(true);
    expect(termPattern('permit').test('we permitted it')).toBe(false);
    expect(termPattern('311').test('Report a problem (311)')).toBe(true);
    expect(termPattern('311').test('call 3110')).toBe(false);
  });

  it.each(translated.map((l) => [l.code] as const))('%s: every string whose English has a term uses the glossary word', (code) => {
    const problems = glossaryProblems(glossary, code, english, flatten(messages[code]));
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('catches a translation that uses another word for the term', () => {
    const spanish = flatten(messages.es);
    spanish.set('ticket.title', 'Tomar un número');
    const problems = glossaryProblems(glossary, 'es', english, spanish);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('"ticket.title"');
    expect(problems[0]).toContain('"turno"');
  });

  it('names a language the glossary lacks', () => {
    const partial: GlossaryFile = { terms: { ticket: { ...glossary.terms.ticket!, translations: {} } } };
    expect(glossaryProblems(partial, 'fr', english, flatten(messages.fr))).toEqual(['the glossary has no fr word for "ticket"']);
  });
});
