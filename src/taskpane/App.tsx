// The task pane: sign in, pull, refresh, push. It only calls workflows and renders what they return.
import { Suspense, lazy, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import {
  Button,
  Divider,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import {
  countOf,
  type ClaretEndpoint,
  type ClaretSession,
  type DrainProgress,
  type SalesQuery,
  type TableResult,
  type UserMessage,
  type WorkOptions,
} from "../workflows/api";
import { onPaneRequest, type PaneActivity, type PaneView } from "../workflows/paneRequests";
import { loadWorkflows, type WorkflowCalls } from "./loadWorkflows";
import { SignInForm } from "./SignInForm";
import { StatusRegion } from "./StatusRegion";
import { inclusiveEndDate, type PullValues } from "./formValidation";
import type { ThemeName } from "./theme";

// Code-split so the first paint (spinner, then the sign-in form) needs only a small initial bundle:
// the signed-in views (combobox, positioning, progress bar) and the push preview come in chunks.
const loadPullForm = () => import(/* webpackChunkName: "pull-form" */ "./PullForm");
const loadWorkProgress = () => import(/* webpackChunkName: "pull-form" */ "./WorkProgress");
const PullForm = lazy(() => loadPullForm().then((m) => ({ default: m.PullForm })));
const WorkProgress = lazy(() => loadWorkProgress().then((m) => ({ default: m.WorkProgress })));
const PushPanel = lazy(() => import(/* webpackChunkName: "push-panel" */ "./PushPanel"));

const useStyles = makeStyles({
  pane: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    maxWidth: "480px",
    boxSizing: "border-box",
  },
  header: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  brand: { display: "flex", flexDirection: "column" },
  // Office shows the add-in's name in the pane's title bar; the heading is for screen readers only.
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

interface Running {
  title: string;
  progress: DrainProgress;
  cancel: () => void;
}

interface Reauth {
  reason: UserMessage;
  resolve: (session: ClaretSession | null) => void;
}

export interface AppProps {
  /** the API base URL the sign-in form starts with (default https://plan.claret.app; the workbench passes its simulator's URL) */
  defaultBaseUrl?: string;
  theme?: ThemeName;
  /** the pull form's starting values (default: History, the last twelve months); the workbench passes its demo data's window */
  defaultPull?: Partial<PullValues>;
}

/**
 * A 401 mid-pull does not end the work: the drain waits, keeping what it has, for a new sign-in. Say so, as a
 * warning rather than an error, so the planner knows nothing is lost and what Cancel does.
 */
function pausedForSignIn(reason: UserMessage): UserMessage {
  return {
    intent: "warning",
    needsSignIn: true,
    text: `${reason.text} The work is paused and carries on where it stopped once you sign in again; Cancel stops it and changes nothing.`,
  };
}

export function App({ defaultBaseUrl, theme = "light", defaultPull }: AppProps) {
  const styles = useStyles();
  // The workflows arrive in their own chunk; until then (and until the stored session is known) a spinner.
  const [wf, setWf] = useState<WorkflowCalls | null>(null);
  const [session, setSession] = useState<ClaretSession | null | undefined>(undefined);
  const [lastEndpoint, setLastEndpoint] = useState<ClaretEndpoint & { email?: string }>({
    baseUrl: defaultBaseUrl ?? "",
    tenant: "",
  });
  const [view, setView] = useState<PaneView>("pull");
  const [pushKey, setPushKey] = useState(0);
  const [message, setMessage] = useState<UserMessage | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [running, setRunning] = useState<Running | null>(null);
  const [ribbonWork, setRibbonWork] = useState<PaneActivity | null>(null);
  const [reauth, setReauth] = useState<Reauth | null>(null);
  const sessionRef = useRef<ClaretSession | null>(null);

  const adoptSession = useCallback((s: ClaretSession | null) => {
    sessionRef.current = s;
    setSession(s);
    if (s) setLastEndpoint((e) => ({ ...e, baseUrl: s.baseUrl, tenant: s.tenant }));
  }, []);

  useEffect(() => {
    let live = true;
    void loadPullForm().catch(() => undefined); // warm up alongside the workflows
    void loadWorkProgress().catch(() => undefined);
    loadWorkflows()
      .then(async (calls) => {
        if (!live) return;
        setWf(calls);
        setLastEndpoint((e) => (e.baseUrl ? e : { ...e, baseUrl: calls.DEFAULT_BASE_URL }));
        const s = await calls.currentSession().catch(() => null);
        if (live) adoptSession(s);
      })
      .catch((error: unknown) => {
        if (!live) return;
        setMessage({
          intent: "error",
          text: `The add-in could not finish loading (${String(error)}). Check the connection, then reload the task pane.`,
        });
      });
    return () => {
      live = false;
    };
  }, [adoptSession]);

  // Requests from the ribbon buttons (shared runtime): a view to open, a reason, work in progress.
  useEffect(
    () =>
      onPaneRequest((request) => {
        if (request.message !== undefined) setMessage(request.message);
        if (request.activity !== undefined) setRibbonWork(request.activity);
        if (request.endpoint) setLastEndpoint((e) => ({ ...e, ...request.endpoint }));
        if (request.resolveSignIn) {
          const resolve = request.resolveSignIn;
          setReauth({
            reason: pausedForSignIn(
              request.message ?? { intent: "warning", text: "Your Claret session has ended." }
            ),
            resolve,
          });
        } else if (request.view === "signIn") {
          adoptSession(null);
        } else if (request.view) {
          setView(request.view);
          if (request.view === "push") setPushKey((k) => k + 1);
        }
      }),
    [adoptSession]
  );

  // A 401 mid-drain: show the sign-in form with the reason; the workflow resumes with the new session.
  const reauthenticate = useCallback(
    (reason: UserMessage) =>
      new Promise<ClaretSession | null>((resolve) => {
        const paused = pausedForSignIn(reason);
        setMessage(paused);
        setReauth({ reason: paused, resolve });
      }),
    []
  );

  const handleSignIn = async (endpoint: ClaretEndpoint, email: string, password: string) => {
    if (!wf) return;
    const { signIn, toUserMessage } = wf;
    setSigningIn(true);
    setMessage(null);
    setLastEndpoint({ ...endpoint, email });
    try {
      const s = await signIn(endpoint, email, password);
      adoptSession(s);
      if (reauth) {
        reauth.resolve(s);
        setReauth(null);
        setMessage({ intent: "info", text: `Signed in to ${s.tenant} again; carrying on.` });
      } else {
        setMessage({ intent: "success", text: `Signed in to ${s.tenant}.` });
      }
    } catch (error) {
      setMessage(toUserMessage(error));
    } finally {
      setSigningIn(false);
    }
  };

  const cancelReauth = () => {
    reauth?.resolve(null);
    setReauth(null);
  };

  const handleSignOut = async () => {
    const s = sessionRef.current;
    if (!s || !wf) return;
    const { signOut, toUserMessage } = wf;
    try {
      await signOut({ baseUrl: s.baseUrl, tenant: s.tenant });
      adoptSession(null);
      setMessage({ intent: "info", text: `Signed out of ${s.tenant}.` });
    } catch (error) {
      setMessage(toUserMessage(error));
    }
  };

  const runWork = async (
    title: string,
    work: (s: ClaretSession, opts: WorkOptions) => Promise<TableResult>,
    done: (r: TableResult) => UserMessage
  ) => {
    const s = sessionRef.current;
    if (!s || running || !wf) return;
    const { toUserMessage } = wf;
    const controller = new AbortController();
    setMessage(null);
    setRunning({
      title,
      progress: { recordsSoFar: 0, total: null },
      cancel: () => controller.abort(),
    });
    try {
      const result = await work(s, {
        signal: controller.signal,
        onProgress: (progress) => setRunning((r) => (r ? { ...r, progress } : r)),
        reauthenticate,
      });
      setMessage(done(result));
    } catch (error) {
      const m = toUserMessage(error);
      setMessage(m);
      if (m.needsSignIn) adoptSession(null);
    } finally {
      setRunning(null);
    }
  };

  const pull = (query: SalesQuery) =>
    runWork(
      `Pulling ${query.saleTypeName}`,
      (s, opts) => wf!.pullSales(s, query, opts),
      (r) =>
        r.rowCount > 0
          ? {
              intent: "success",
              text: `Pulled ${countOf(r.rowCount, "record")} into table ${r.tableName} on sheet "${r.sheetName}".`,
            }
          : {
              // An empty table is still made (it can be refreshed later), but an empty result must not read as a plain success.
              intent: "warning",
              text:
                `Claret has no ${query.saleTypeName} records from ${query.startDate} through ${inclusiveEndDate(query.startDate, String(query.durationDays))}. ` +
                `Table ${r.tableName} on sheet "${r.sheetName}" has the columns but no rows; check the sale type and dates, or use Refresh sheet later.`,
            }
    );

  const refresh = () =>
    runWork(
      "Refreshing the sheet",
      (s, opts) => wf!.refreshActiveSheet(s, opts),
      (r) => wf!.refreshedMessage(r)
    );

  const openPush = () => {
    setMessage(null);
    setView("push");
    setPushKey((k) => k + 1);
  };

  const busy = running !== null || ribbonWork !== null;
  let body: ReactNode;
  if (session === undefined || !wf) {
    body = <Spinner size="small" label="Loading…" />;
  } else if (reauth || !session) {
    body = (
      <section className={styles.section} aria-label="Sign in">
        <h2 className={styles.heading}>{reauth ? "Sign in again" : "Sign in to Claret"}</h2>
        {reauth && reauth.reason !== message && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{reauth.reason.text}</MessageBarBody>
          </MessageBar>
        )}
        <SignInForm
          key={reauth ? "again" : "first"}
          defaults={{
            tenant: lastEndpoint.tenant,
            email: lastEndpoint.email ?? "",
            baseUrl: lastEndpoint.baseUrl,
          }}
          busy={signingIn}
          onSignIn={(endpoint, email, password) => void handleSignIn(endpoint, email, password)}
          onCancel={reauth ? cancelReauth : undefined}
        />
      </section>
    );
  } else if (view === "push") {
    body = (
      <Suspense fallback={<Spinner size="small" label="Opening the push preview…" />}>
        <PushPanel
          session={session}
          requestKey={pushKey}
          onClose={() => setView("pull")}
          onMessage={setMessage}
        />
      </Suspense>
    );
  } else {
    body = (
      <Suspense fallback={<Spinner size="small" label="Loading…" />}>
        {running && (
          <WorkProgress
            title={running.title}
            progress={running.progress}
            onCancel={running.cancel}
          />
        )}
        {ribbonWork && (
          <WorkProgress
            title={ribbonWork.label}
            progress={ribbonWork.progress}
            onCancel={ribbonWork.cancel}
          />
        )}
        <section className={styles.section} aria-label="Pull sales">
          <h2 className={styles.heading}>Pull sales</h2>
          <PullForm busy={busy} onPull={(q) => void pull(q)} initial={defaultPull} />
        </section>
        <Divider />
        <section className={styles.section} aria-label="This sheet">
          <h2 className={styles.heading}>This sheet</h2>
          <div className={styles.actions}>
            <Button onClick={() => void refresh()} disabled={busy}>
              Refresh sheet
            </Button>
            <Button onClick={openPush} disabled={busy}>
              Push selection
            </Button>
          </div>
        </section>
      </Suspense>
    );
  }

  return (
    // No className or style on the provider: Fluent gives its className to every portal's mount node
    // (combobox list, calendar, tooltip, menu, dialog), so layout or a background there becomes a layer
    // over the whole pane. The pane's layout lives on <main>; taskpane.html stretches the provider.
    <FluentProvider theme={theme === "dark" ? webDarkTheme : webLightTheme}>
      <main className={styles.pane}>
        <header className={styles.header}>
          <div className={styles.brand}>
            <h1 className={styles.visuallyHidden}>Claret</h1>
            {session && (
              <Text size={200}>
                Signed in to <strong>{session.tenant}</strong>
              </Text>
            )}
          </div>
          {session && (
            <Button appearance="subtle" onClick={() => void handleSignOut()} disabled={busy}>
              Sign out
            </Button>
          )}
        </header>
        <StatusRegion message={message} />
        {body}
      </main>
    </FluentProvider>
  );
}
