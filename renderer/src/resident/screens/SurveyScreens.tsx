import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { answerSurvey } from '../../db/actions';
import { useRecordContext } from '../../hooks';
import { BackButton, ChoiceGroup, DoneButton, focusFirstProblem, FormProblems, Notice, ScreenHeading, TextField } from '../parts';
import { useResident } from '../store';
import { checkText, hasProblems, type Problems } from '../validation';

const RATINGS = [1, 2, 3, 4, 5] as const;

/** A rating from 1 to 5 and an optional comment; linked to this resident's ticket when they took one. */
export function SurveyScreen() {
  const { t } = useTranslation();
  const ctx = useRecordContext(true);
  const ticketId = useResident((s) => s.ticketId);
  const go = useResident((s) => s.go);
  const formRef = useRef<HTMLFormElement>(null);
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  const check = (): Problems<'rating' | 'comment'> => ({
    rating: rating ? null : { key: 'errors.chooseOne' },
    comment: checkText(comment, { max: 1000, multiline: true }),
  });
  const problems = tried ? check() : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setFailed(false);
    if (hasProblems(check()) || !rating) {
      focusFirstProblem(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await answerSurvey(ctx, { rating, comment: comment.trim(), ticketId });
      go({ name: 'surveyThanks' });
    } catch {
      setFailed(true);
      setBusy(false);
    }
  };

  return (
    <section className="r-screen" data-screen="survey">
      <ScreenHeading title={t('survey.title')} testId="survey-title" />
      <form ref={formRef} className="r-form" noValidate autoComplete="off" onSubmit={(e) => void submit(e)}>
        <FormProblems show={tried && hasProblems(problems)} />
        <ChoiceGroup
          legend={t('survey.rating')}
          name="rating"
          value={rating}
          onChange={setRating}
          problem={problems.rating}
          columns="narrow"
          options={RATINGS.map((n) => ({
            value: n,
            label: (
              <span className="r-rating">
                <span className="r-stars" aria-hidden="true">
                  {'★'.repeat(n)}
                  {'☆'.repeat(5 - n)}
                </span>
                <span className="r-rating-text">{t(`survey.ratingLabels.${n}`)}</span>
                <span className="r-rating-count">{t('survey.star', { count: n })}</span>
              </span>
            ),
          }))}
        />
        <TextField name="comment" label={t('survey.comment')} value={comment} onChange={setComment} problem={problems.comment} multiline maxLength={1000} />
        {failed && <Notice tone="error">{t('errors.notSaved')}</Notice>}
        <div className="r-actions">
          <BackButton />
          <button type="submit" className="r-btn r-primary" disabled={busy} data-testid="submit-survey">
            {t('common.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function SurveyThanksScreen() {
  const { t } = useTranslation();
  return (
    <section className="r-screen r-done" data-screen="survey-thanks">
      <ScreenHeading title={t('survey.thanks')} testId="survey-thanks-title" />
      <div className="r-actions">
        <DoneButton />
      </div>
    </section>
  );
}
