// Progress of a pull or refresh: a labelled bar "N of M records" and the Cancel button; while the work
// waits for a sign-in, the same bar says it is paused.
import { Button, Field, ProgressBar, makeStyles, tokens } from "@fluentui/react-components";
import { formatCount, type DrainProgress, type RefreshAllStep } from "../workflows/api";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  actions: { display: "flex", justifyContent: "flex-end" },
});

export function progressLabel(progress: DrainProgress): string {
  const soFar = formatCount(progress.recordsSoFar);
  if (progress.total === null) return `${soFar} records so far, waiting for Claret…`;
  return `${soFar} of ${formatCount(progress.total)} records`;
}

/** Refresh all's progress: "Table 2 of 5: History 2021-01-01 730d, 3,000 of 40,000 records". */
export function stepLabel(step: RefreshAllStep, progress: DrainProgress): string {
  return `Table ${step.index} of ${step.of}: ${step.label}, ${progressLabel(progress)}`;
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
  step,
  paused = false,
  onCancel,
}: {
  title: string;
  /** Refresh all: the table draining now, named instead of the title */
  step?: RefreshAllStep;
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
  const label =
    paused || progress === null
      ? `${title}: ${pausedLabel(progress)}`
      : step
        ? stepLabel(step, progress)
        : `${title}: ${progressLabel(progress)}`;
  return (
    <section className={styles.root} aria-label={title}>
      <Field label={label} validationState="none">
        <ProgressBar value={value} thickness="large" color={paused ? "warning" : "brand"} />
      </Field>
      <div className={styles.actions}>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </section>
  );
}
