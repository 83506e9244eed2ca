import type { FeeProblem, FieldProblem } from '../../../shared';

/** A translate function as the staff and the resident i18next instances both give it. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

const bound = (problem: { min?: number; max?: number }) => (problem.min === undefined ? 'AtMost' : problem.max === undefined ? 'AtLeast' : 'Between');

/**
 * The words for a refused form answer in t's catalogue (the staff one, or a resident language's): every code reads
 * `errors.<code>`, a range `errors.field.range.<kind><Between|AtLeast|AtMost>`. `money` formats cents for that
 * language. A catalogue's own pattern message is the city's words and is shown as the city wrote it.
 */
export function fieldProblemText(t: Translate, problem: FieldProblem, money: (cents: number) => string): string {
  switch (problem.code) {
    case 'field.pattern':
      return problem.cityMessage ?? t('errors.field.pattern');
    case 'field.tooLong':
      return t('errors.field.tooLong', { max: problem.max, length: problem.length });
    case 'field.range': {
      const show = (n: number) => (problem.kind === 'amount' ? money(n) : n);
      return t(`errors.field.range.${problem.kind}${bound(problem)}`, {
        ...(problem.min === undefined ? {} : { min: show(problem.min) }),
        ...(problem.max === undefined ? {} : { max: show(problem.max) }),
      });
    }
    default:
      return t(`errors.${problem.code}`);
  }
}

/** The words for why a service's fee cannot be worked out yet: `errors.<code>`; the unit is the catalogue's word. */
export function feeProblemText(t: Translate, problem: FeeProblem): string {
  return problem.code === 'fee.quantity' ? t('errors.fee.quantity', { unit: problem.unitLabel }) : t(`errors.${problem.code}`);
}
