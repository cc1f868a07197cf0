// Progress of a pull or refresh: a labelled bar "N of M records" and the Cancel button; while the work
// waits for a sign-in, the same bar says it is paused.
import { Button, Field, ProgressBar, makeStyles, tokens } from "@fluentui/react-components";
import { formatCount, type DrainProgress } from "../workflows/api";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  actions: { display: "flex", justifyContent: "flex-end" },
});

export function progressLabel(progress: DrainProgress): string {
  const soFar = formatCount(progress.recordsSoFar);
  if (progress.total === null) return `${soFar} records so far, waiting for Claret…`;
  return `${soFar} of ${formatCount(progress.total)} records`;
}

export function pausedLabel(progress: DrainProgress | null): string {
  if (progress === null) return "paused until you sign in";
  const soFar = formatCount(progress.recordsSoFar);
  const of = progress.total === null ? "" : ` of ${formatCount(progress.total)}`;
  return `paused at ${soFar}${of} records until you sign in`;
}

export function WorkProgress({
  title,
  progress,
  paused = false,
  onCancel,
}: {
  title: string;
  /** null: a paused work with no record count to show (a push view's) */
  progress: DrainProgress | null;
  /** waiting for a sign-in: the bar stands still */
  paused?: boolean;
  onCancel: () => void;
}) {
  const styles = useStyles();
  const fraction = progress?.total
    ? Math.min(1, progress.recordsSoFar / progress.total)
    : undefined;
  // a paused work with no total yet shows an empty bar, not the indeterminate animation of one that runs
  const value = paused ? (fraction ?? 0) : fraction;
  return (
    <section className={styles.root} aria-label={title}>
      <Field
        label={`${title}: ${paused || progress === null ? pausedLabel(progress) : progressLabel(progress)}`}
        validationState="none"
      >
        <ProgressBar value={value} thickness="large" color={paused ? "warning" : "brand"} />
      </Field>
      <div className={styles.actions}>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </section>
  );
}
