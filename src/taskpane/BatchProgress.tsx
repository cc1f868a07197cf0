// The progress of a push while its batches go out, shared by Push selection and Push changes.
import { Field, ProgressBar } from "@fluentui/react-components";

export interface BatchCount {
  batchesDone: number;
  batches: number;
}

export function BatchProgress({ progress }: { progress: BatchCount }) {
  const { batchesDone, batches } = progress;
  return (
    <Field label={`Pushing: batch ${Math.min(batchesDone + 1, batches)} of ${batches}`}>
      <ProgressBar value={batches ? batchesDone / batches : undefined} />
    </Field>
  );
}
