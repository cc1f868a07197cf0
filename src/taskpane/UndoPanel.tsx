// "Undo last push": says what undoing the workbook's last push would do (from the push log), and
// on "Confirm undo" puts the old quantities back where Claret still holds the pushed ones.
import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Spinner, Text } from "@fluentui/react-components";
import { countOf, formatCount as n, type UndoSummary } from "../workflows/api";
import { pushTime } from "../workflows/push/pushMessages";
import { toUserMessage } from "../workflows/messages";
import { confirmUndo, prepareUndo } from "../workflows/push/undoPush";
import { usePreview } from "./usePreview";
import { AgainOrBack } from "./AgainOrBack";
import type { PushViewProps } from "./pushView";
import { LISTED_ROWS, usePaneStyles } from "./paneStyles";

const records = (x: number) => countOf(x, "record");

export default function UndoPanel({
  session,
  requestKey,
  onClose,
  onMessage,
  pauseForSignIn,
}: PushViewProps) {
  const pane = usePaneStyles();
  const [undoing, setUndoing] = useState(false);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  const [summary, setSummary] = useState<UndoSummary | null>(null);
  const clearSummary = useCallback(() => setSummary(null), []);
  const { preview, loading } = usePreview(prepareUndo, requestKey, onMessage, clearSummary);

  const confirm = async () => {
    if (!preview) return;
    const c = new AbortController();
    controller.current = c;
    setUndoing(true);
    onMessage(null);
    try {
      const result = await confirmUndo(preview, session, {
        signal: c.signal,
        // Cancel of the paused undo (in the pane's list of paused works) ends it with nothing put back
        reauthenticate: pauseForSignIn?.("Undoing the last push", c),
      });
      setSummary(result);
      const trouble = result.conflicts.length > 0 || result.failed > 0 || result.log.error !== null;
      onMessage({
        intent: trouble || result.created.length > 0 ? "warning" : "success",
        text: result.sentence,
      });
    } catch (error) {
      onMessage(toUserMessage(error));
    } finally {
      setUndoing(false);
      if (controller.current === c) controller.current = null;
    }
  };

  if (loading) return <Spinner size="small" label="Reading the push log…" />;
  if (!preview) return <AgainOrBack onBack={onClose} />;
  return (
    <section className={pane.stack} aria-label="Undo last push">
      <h2 className={pane.heading}>Undo the push of {pushTime(preview.pushedAt)}</h2>
      <Text>
        {preview.action}
        {preview.tableName ? ` from table ${preview.tableName}` : ""}, sale type{" "}
        {preview.saleTypeName}, to Claret
        {preview.baseUrl ? ` at ${preview.baseUrl}` : ""} (tenant {preview.tenant}). Undo puts back
        the old quantity of {records(preview.toRestore.length)}, each only if Claret still holds the
        value the push wrote; a record changed since is left alone and listed.
      </Text>
      {preview.toRestore.length > 0 && (
        <section aria-label="Records to put back">
          <h3 className={pane.subheading}>To put back ({n(preview.toRestore.length)})</h3>
          <ul className={pane.rowList}>
            {preview.toRestore.slice(0, LISTED_ROWS).map((r, i) => (
              <li key={i}>
                {r.item_name}, {r.customer_group_name}, {r.sell_date}: {r.pushed} → {r.old}
              </li>
            ))}
          </ul>
          {preview.toRestore.length > LISTED_ROWS && (
            <Text size={200}>
              …and {n(preview.toRestore.length - LISTED_ROWS)} more (see the push log).
            </Text>
          )}
        </section>
      )}
      {preview.created.length > 0 && (
        <section aria-label="Records the push created">
          <h3 className={pane.subheading}>Created by the push ({n(preview.created.length)})</h3>
          <Text size={200}>
            Claret's API cannot delete records, so these stay; the result names each one so you can
            remove it in Claret.
          </Text>
          <ul className={pane.rowList}>
            {preview.created.slice(0, LISTED_ROWS).map((r, i) => (
              <li key={i}>
                {r.item_name}, {r.customer_group_name}, {r.sell_date}
                {r.id !== null ? ` (id ${r.id})` : ""}
              </li>
            ))}
          </ul>
        </section>
      )}
      {preview.unknownOld > 0 && (
        <Text>
          {records(preview.unknownOld)} cannot be put back: their old values were not known when
          they were pushed.
        </Text>
      )}
      {undoing && <Spinner size="small" label="Undoing…" />}
      <div className={pane.actions}>
        <Button
          appearance="primary"
          disabled={undoing || summary !== null || preview.toRestore.length === 0}
          onClick={() => void confirm()}
        >
          Confirm undo
        </Button>
        <Button onClick={onClose} disabled={undoing}>
          {summary ? "Done" : "Back"}
        </Button>
      </div>
    </section>
  );
}
