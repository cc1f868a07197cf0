// "Sign in to Claret", or "Sign in again" while works wait for a sign-in: the form starts with the endpoint of the
// oldest paused work (or the last one used), and starts afresh for each tenant asked for.
import type { PaneState } from "./paneState";
import { SignInForm, type SignInFormProps } from "./SignInForm";
import { usePaneStyles } from "./paneStyles";

export interface SignInSectionProps {
  /** works are paused until the planner signs in again */
  again: boolean;
  endpoint: PaneState["endpoint"];
  busy: boolean;
  onSignIn: SignInFormProps["onSignIn"];
}

export function SignInSection({ again, endpoint, busy, onSignIn }: SignInSectionProps) {
  const pane = usePaneStyles();
  return (
    <section className={pane.stack} aria-label="Sign in">
      <h2 className={pane.heading}>{again ? "Sign in again" : "Sign in to Claret"}</h2>
      <SignInForm
        key={again ? `again:${endpoint.tenant}` : "first"}
        defaults={{
          tenant: endpoint.tenant,
          email: endpoint.email ?? "",
          baseUrl: endpoint.baseUrl,
        }}
        busy={busy}
        onSignIn={onSignIn}
      />
    </section>
  );
}
