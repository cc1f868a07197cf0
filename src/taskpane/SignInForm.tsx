// Sign in to a Claret tenant. "API base URL" sits under "Advanced"; it opens by itself when its value is wrong.
import { useState, type FormEvent } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Field,
  Input,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ClaretEndpoint } from '../workflows/api';
import { validateSignIn, type FieldErrors, type SignInValues } from './formValidation';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  accordionHeader: { marginLeft: `calc(-1 * ${tokens.spacingHorizontalM})` },
});

export interface SignInFormProps {
  defaults: { tenant: string; email: string; baseUrl: string };
  busy: boolean;
  onSignIn: (endpoint: ClaretEndpoint, email: string, password: string) => void;
  /** shown as a second button when signing in is optional (a 401 mid-pull) */
  onCancel?: () => void;
}

export function SignInForm({ defaults, busy, onSignIn, onCancel }: SignInFormProps) {
  const styles = useStyles();
  const [values, setValues] = useState<SignInValues>({ ...defaults, password: '' });
  const [errors, setErrors] = useState<FieldErrors<keyof SignInValues>>({});
  const [advancedOpen, setAdvancedOpen] = useState(false);

  const set = (key: keyof SignInValues) => (_: unknown, data: { value: string }) => {
    setValues((v) => ({ ...v, [key]: data.value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { errors: found, endpoint } = validateSignIn(values);
    setErrors(found);
    if (found.baseUrl) setAdvancedOpen(true);
    if (endpoint) onSignIn(endpoint, values.email.trim(), values.password);
  };

  const field = (key: keyof SignInValues) => ({
    validationMessage: errors[key],
    validationState: errors[key] ? ('error' as const) : ('none' as const),
  });

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Sign in to Claret">
      <Field label="Tenant" required {...field('tenant')}>
        <Input value={values.tenant} onChange={set('tenant')} autoComplete="organization" />
      </Field>
      <Field label="Email" required {...field('email')}>
        <Input type="email" value={values.email} onChange={set('email')} autoComplete="username" />
      </Field>
      <Field label="Password" required {...field('password')}>
        <Input type="password" value={values.password} onChange={set('password')} autoComplete="current-password" />
      </Field>
      <Accordion
        collapsible
        openItems={advancedOpen ? ['advanced'] : []}
        onToggle={(_, data) => setAdvancedOpen(data.openItems.includes('advanced'))}
      >
        <AccordionItem value="advanced">
          <AccordionHeader className={styles.accordionHeader} size="small">
            Advanced
          </AccordionHeader>
          <AccordionPanel>
            <Field label="API base URL" hint="Where Claret answers; change it only for a proxy or a test server." {...field('baseUrl')}>
              <Input type="url" value={values.baseUrl} onChange={set('baseUrl')} />
            </Field>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          Sign in
        </Button>
        {onCancel && (
          <Button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
