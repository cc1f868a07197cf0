// Sign in to a Claret tenant. "API base URL" sits under "Advanced"; it opens by itself when its value is wrong.
import { useId, useState, type FormEvent } from "react";
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import type { ClaretEndpoint } from "../workflows/api";
import { validateSignIn, type FieldErrors, type SignInValues } from "./formValidation";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
  // a plain disclosure button rather than Accordion: same semantics, without the motion library in the first bundle
  disclosure: {
    alignSelf: "flex-start",
    marginLeft: `calc(-1 * ${tokens.spacingHorizontalS})`,
    fontWeight: tokens.fontWeightRegular,
  },
});

export interface SignInFormProps {
  defaults: { tenant: string; email: string; baseUrl: string };
  busy: boolean;
  onSignIn: (endpoint: ClaretEndpoint, email: string, password: string) => void;
}

export function SignInForm({ defaults, busy, onSignIn }: SignInFormProps) {
  const styles = useStyles();
  const [values, setValues] = useState<SignInValues>({ ...defaults, password: "" });
  const [errors, setErrors] = useState<FieldErrors<keyof SignInValues>>({});
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const advancedId = useId();

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
    validationState: errors[key] ? ("error" as const) : ("none" as const),
  });

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Sign in to Claret">
      <Field label="Tenant" required {...field("tenant")}>
        <Input value={values.tenant} onChange={set("tenant")} autoComplete="organization" />
      </Field>
      <Field label="Email" required {...field("email")}>
        <Input type="email" value={values.email} onChange={set("email")} autoComplete="username" />
      </Field>
      <Field label="Password" required {...field("password")}>
        <Input
          type="password"
          value={values.password}
          onChange={set("password")}
          autoComplete="current-password"
        />
      </Field>
      <Button
        type="button"
        appearance="transparent"
        size="small"
        className={styles.disclosure}
        icon={<span aria-hidden="true">{advancedOpen ? "▾" : "▸"}</span>}
        aria-expanded={advancedOpen}
        aria-controls={advancedId}
        onClick={() => setAdvancedOpen((open) => !open)}
      >
        Advanced
      </Button>
      {advancedOpen && (
        <div id={advancedId}>
          <Field
            label="API base URL"
            hint="Where Claret answers; change it only for a proxy or a test server."
            {...field("baseUrl")}
          >
            <Input type="url" value={values.baseUrl} onChange={set("baseUrl")} />
          </Field>
        </div>
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          Sign in
        </Button>
      </div>
    </form>
  );
}
