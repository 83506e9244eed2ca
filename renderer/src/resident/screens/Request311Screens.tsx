import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../../context';
import { fileServiceRequest } from '../../db/actions';
import { useOpenStop } from '../../db/hooks';
import { useCatalogue, useRecordContext } from '../../hooks';
import { requestTypeName } from '../names';
import { NoCatalogueScreen, ChoiceGroup, FormScreen, Notice, PrintAndDone, Reference, ScreenFrame, TextField, useFormat, useLanguage, useResidentForm } from '../parts';
import { request311Html } from '../request311-html';
import { useResident, type ResidentScreen } from '../store';
import { checkEmail, checkPhone, checkText, type Problems } from '../validation';

type Field = 'serviceCode' | 'description' | 'location' | 'firstName' | 'lastName' | 'phone' | 'email';

/** A 311 report: what, where (the van's stop unless changed), and how to reach the resident if they wish. */
export function Request311Screen() {
  const { t } = useTranslation();
  const ctx = useRecordContext(true);
  const catalogue = useCatalogue();
  const stop = useOpenStop();
  const go = useResident((s) => s.go);
  const language = useLanguage();

  const [serviceCode, setServiceCode] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  // null until the resident types: until then the field shows where the van is parked.
  const [location, setLocation] = useState<string | null>(null);
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');

  const stopAddress = stop ? `${stop.place}, ${stop.neighbourhood}` : '';
  const address = location ?? stopAddress;
  const requestTypes = catalogue?.requestTypes ?? [];

  const check = (): Problems<Field> => ({
    serviceCode: serviceCode ? null : { key: 'errors.chooseOne' },
    description: checkText(description, { required: true, max: 4000, multiline: true }),
    location: checkText(address, { required: true, max: 300 }),
    firstName: checkText(firstName, { max: 100 }),
    lastName: checkText(lastName, { max: 100 }),
    phone: checkPhone(phone),
    email: checkEmail(email),
  });

  const { problems, wire } = useResidentForm(check);

  const file = async (code: string) => {
    const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
    const { localReference } = await fileServiceRequest(ctx, {
      service_code: code,
      description: description.trim(),
      address_string: address.trim(),
      lat: null,
      long: null,
      first_name: orNull(firstName),
      last_name: orNull(lastName),
      phone: orNull(phone),
      email: orNull(email),
    });
    go({
      name: 'request311Done',
      reference: localReference,
      serviceCode: code,
      description: description.trim(),
      address: address.trim(),
      email: orNull(email),
      phone: orNull(phone),
      filedAt: new Date().toISOString(),
    });
  };

  // Names in the order the resident's language writes them (family name first in Chinese and Vietnamese); the labels
  // say which is the given and which the family name, so the Open311 first_name / last_name stay right either way.
  const familyNameFirst = 'familyNameFirst' in language;
  const givenNameField = (
    <TextField key="given" name="firstName" label={t('request311.firstName')} value={firstName} onChange={setFirstName} problem={problems.firstName} maxLength={100} />
  );
  const familyNameField = (
    <TextField key="family" name="lastName" label={t('request311.lastName')} value={lastName} onChange={setLastName} problem={problems.lastName} maxLength={100} />
  );

  if (catalogue === null || (catalogue && requestTypes.length === 0)) {
    return <NoCatalogueScreen screen="request311" title={t('request311.title')} testId="request311-title" />;
  }

  return (
    <FormScreen screen="request311" title={t('request311.title')} testId="request311-title" form={wire(serviceCode ? () => file(serviceCode) : null)} submitTestId="submit-311">
      <ChoiceGroup
        legend={t('request311.category')}
        name="serviceCode"
        value={serviceCode}
        onChange={setServiceCode}
        problem={problems.serviceCode}
        options={requestTypes.map((type) => ({ value: type.code, label: requestTypeName(t, type) }))}
      />
      <TextField
        name="description"
        label={t('request311.description')}
        hint={t('request311.descriptionHint')}
        value={description}
        onChange={setDescription}
        problem={problems.description}
        required
        multiline
        maxLength={4000}
      />
      <TextField
        name="location"
        label={t('request311.location')}
        hint={stopAddress ? t('request311.locationHint') : undefined}
        value={address}
        onChange={setLocation}
        problem={problems.location}
        required
        maxLength={300}
      />
      <fieldset className="r-group">
        <legend>{t('request311.contactTitle')}</legend>
        <p className="r-hint">{t('request311.contactHint')}</p>
        <div className="r-columns">
          {familyNameFirst ? [familyNameField, givenNameField] : [givenNameField, familyNameField]}
          <TextField name="phone" type="tel" inputMode="tel" label={t('request311.phone')} value={phone} onChange={setPhone} problem={problems.phone} maxLength={20} />
          <TextField name="email" type="email" inputMode="email" label={t('request311.email')} value={email} onChange={setEmail} problem={problems.email} maxLength={200} />
        </div>
      </fieldset>
    </FormScreen>
  );
}

/**
 * The report is recorded: its reference, how to follow it up, the contact the resident left (so they know how the city
 * may reply) and what of it is public. "Print" sends the same to the van's printer through the host.
 */
export function Request311DoneScreen(props: Omit<Extract<ResidentScreen, { name: 'request311Done' }>, 'name'>) {
  const { t } = useTranslation();
  const { host, config } = useKiosk();
  const catalogue = useCatalogue();
  const format = useFormat();
  const [printFailed, setPrintFailed] = useState(false);
  const type = catalogue?.requestTypes.find((r) => r.code === props.serviceCode);
  const category = type ? requestTypeName(t, type) : props.serviceCode;
  const contacts = [props.email, props.phone].filter((c): c is string => c !== null);
  const contact = contacts.length > 0 ? t('request311.contactGiven', { contact: contacts.join(', ') }) : t('request311.contactNone');

  const print = async () => {
    setPrintFailed(false);
    try {
      await host.printHtml(
        request311Html({
          lang: format.language.code,
          dir: format.language.dir,
          cityName: config.cityName,
          vanName: config.vanName,
          title: t('request311.title'),
          referenceLabel: t('request311.reference'),
          reference: props.reference,
          whatLabel: t('request311.whatLabel'),
          category,
          description: props.description,
          whereLabel: t('request311.location'),
          where: props.address,
          filed: new Intl.DateTimeFormat(format.language.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: catalogue?.city.timeZone }).format(new Date(props.filedAt)),
          contact,
          followUpLabel: t('request311.followUpLabel'),
          followUp: t('request311.followUpHow'),
          publicNotice: t('request311.publicNotice'),
        }),
      );
    } catch {
      setPrintFailed(true);
    }
  };

  return (
    <ScreenFrame screen="request311-done" tone="done" title={t('request311.sent')} testId="request311-done-title" actions={<PrintAndDone print={print} testId="print-311" />}>
      <Reference label={t('request311.reference')} value={props.reference} testId="request-reference" />
      <p data-speak>{t('request311.referenceHint')}</p>
      <dl className="r-summary">
        <div>
          <dt>{t('request311.whatLabel')}</dt>
          <dd data-testid="summary-what">{category}</dd>
        </div>
        <div>
          <dt>{t('request311.location')}</dt>
          <dd data-testid="summary-where">{props.address}</dd>
        </div>
        <div>
          <dt>{t('request311.followUpLabel')}</dt>
          <dd data-testid="summary-follow-up">{t('request311.followUpHow')}</dd>
        </div>
      </dl>
      <p data-testid="summary-contact" data-speak>
        {contact}
      </p>
      <p className="r-hint" data-testid="public-notice">
        {t('request311.publicNotice')}
      </p>
      {printFailed && <Notice tone="error">{t('request311.printFailed')}</Notice>}
    </ScreenFrame>
  );
}
