import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { answerSurvey } from '../../db/actions';
import { useRecordContext } from '../../hooks';
import { ChoiceGroup, DoneButton, FormScreen, ScreenFrame, TextField, useResidentForm } from '../parts';
import { useResident } from '../store';
import { checkText, type Problems } from '../validation';

const RATINGS = [1, 2, 3, 4, 5] as const;

/** A rating from 1 to 5 and an optional comment; linked to this resident's ticket when they took one. */
export function SurveyScreen() {
  const { t } = useTranslation();
  const ctx = useRecordContext(true);
  const ticketId = useResident((s) => s.ticketId);
  const go = useResident((s) => s.go);
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');

  const check = (): Problems<'rating' | 'comment'> => ({
    rating: rating ? null : { key: 'errors.chooseOne' },
    comment: checkText(comment, { max: 1000, multiline: true }),
  });
  const { problems, wire } = useResidentForm(check);

  const answer = async (chosen: number) => {
    await answerSurvey(ctx, { rating: chosen, comment: comment.trim(), ticketId });
    go({ name: 'surveyThanks' });
  };

  return (
    <FormScreen screen="survey" title={t('survey.title')} testId="survey-title" form={wire(rating ? () => answer(rating) : null)} submitTestId="submit-survey">
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
    </FormScreen>
  );
}

export function SurveyThanksScreen() {
  const { t } = useTranslation();
  return <ScreenFrame screen="survey-thanks" tone="done" title={t('survey.thanks')} testId="survey-thanks-title" actions={<DoneButton />} />;
}
