import type { ReactElement } from 'react';
import { Trans } from 'react-i18next';
import { OFFICE_NAMESPACE, officeI18n } from '.';

/**
 * An office string with markup inside it ("Signed in as <b>{{email}}</b> ({{role}})"): the tags in the message name
 * the elements in `components`, so a translation can move them without touching the component.
 */
export function OfficeTrans(props: { i18nKey: string; values?: Record<string, string | number>; components: Record<string, ReactElement> }) {
  return <Trans i18n={officeI18n} ns={OFFICE_NAMESPACE} i18nKey={props.i18nKey} values={props.values} components={props.components} />;
}
