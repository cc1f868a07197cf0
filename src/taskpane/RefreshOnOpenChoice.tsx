// "Refresh when this workbook opens", on the table's sheet view of the pane: the active sheet's Claret table's own
// choice, stored with its query. Office tells the pane nothing when the planner goes to another sheet, so the
// choice is read again whenever they come back to the pane (pointer or keyboard: `lookedAt`) and when a work ends;
// a click stores it for the table shown and says which table that is.
import { useEffect, useState } from "react";
import { Checkbox, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { UserMessage } from "../workflows/api";
import type { OpenChoice } from "../workflows/pullRefresh/refreshOnOpen";
import { loadFailedMessage } from "./loadFailure";
import { loadWorkflows } from "./loadWorkflows";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  hint: { color: tokens.colorNeutralForeground3, paddingLeft: tokens.spacingHorizontalS },
});

export interface RefreshOnOpenChoiceProps {
  /** a work is running: the choice waits (and is read again once it ends) */
  busy: boolean;
  /** changes each time the planner comes back to the pane (the active sheet may be another) */
  lookedAt: number;
  onMessage: (message: UserMessage) => void;
}

export function RefreshOnOpenChoice({ busy, lookedAt, onMessage }: RefreshOnOpenChoiceProps) {
  const styles = useStyles();
  // undefined while reading; null: the active sheet has no Claret table
  const [choice, setChoice] = useState<OpenChoice | null | undefined>(undefined);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (busy || saving) return; // read again once the work or the choice is done

    let live = true;
    loadWorkflows()
      .then((calls) => calls.activeTableChoice())
      .then(
        (found) => live && setChoice(found),
        () => live && setChoice(null)
      );
    return () => {
      live = false;
    };
  }, [busy, saving, lookedAt]);

  const choose = async (refreshOnOpen: boolean) => {
    if (!choice) return;
    setSaving(true);
    setChoice({ ...choice, refreshOnOpen });
    try {
      const calls = await loadWorkflows().catch((error: unknown) => {
        onMessage(loadFailedMessage(error));
        return null;
      });
      if (!calls) return;
      try {
        const done = await calls.chooseRefreshOnOpen(choice, refreshOnOpen);
        setChoice(done.table);
        onMessage(calls.openChoiceMessage(done));
      } catch (error) {
        onMessage(calls.toUserMessage(error));
      }
    } finally {
      setSaving(false); // and so read again: what is stored now
    }
  };

  return (
    <div className={styles.root}>
      <Checkbox
        label="Refresh when this workbook opens"
        checked={choice?.refreshOnOpen ?? false}
        disabled={busy || saving || !choice}
        onChange={(_, data) => void choose(data.checked === true)}
      />
      {choice === null && (
        <Text size={200} className={styles.hint}>
          Go to the sheet of a Claret table to choose this for it.
        </Text>
      )}
    </div>
  );
}
