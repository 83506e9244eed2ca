import type { ReactElement } from 'react';
import { Trans } from 'react-i18next';
import { STAFF_NAMESPACE, staffI18n } from '.';

/**
 * A staff string with markup inside it ("Stop: <b>{{place}}</b>, {{neighbourhood}}"): the tags in the message name the
 * elements in `components`, so a translation can move them without touching the component.
 */
export function StaffTrans(props: { i18nKey: string; values?: Record<string, string | number>; components: Record<string, ReactElement> }) {
  return <Trans i18n={staffI18n} ns={STAFF_NAMESPACE} i18nKey={props.i18nKey} values={props.values} components={props.components} />;
}
