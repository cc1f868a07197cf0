// Progress of a pull or refresh: a labelled bar "N of M records" and the Cancel button.
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

export function WorkProgress({
  title,
  progress,
  onCancel,
}: {
  title: string;
  progress: DrainProgress;
  onCancel: () => void;
}) {
  const styles = useStyles();
  const value = progress.total ? Math.min(1, progress.recordsSoFar / progress.total) : undefined;
  return (
    <section className={styles.root} aria-label={title}>
      <Field label={`${title}: ${progressLabel(progress)}`} validationState="none">
        <ProgressBar value={value} thickness="large" />
      </Field>
      <div className={styles.actions}>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </section>
  );
}
