import { expect, type Page } from '@playwright/test';

/** A resident answers the satisfaction survey at the touchscreen (#/resident), in English. */
export async function answerSurveyOnTouchscreen(page: Page, kioskUrl: string, rating: 1 | 2 | 3 | 4 | 5): Promise<void> {
  await page.goto(`${kioskUrl}#/resident`);
  await page.getByTestId('language-picker').getByRole('button', { name: 'English' }).click();
  await page.getByTestId('home-survey').click();
  await expect(page.getByTestId('survey-title')).toBeVisible();
  await page.getByRole('radio', { name: new RegExp(`${rating} stars?`) }).check();
  await page.getByTestId('submit-survey').click();
  await expect(page.getByTestId('survey-thanks-title')).toBeVisible();
}
