// The push preview: what the selection would send, its problems (each one selects its cell), the
// beta warning, and "Confirm push". Loaded lazily: most sessions pull far more often than they push.
import { useEffect, useRef, useState, type RefObject } from "react";
import {
  Button,
  Checkbox,
  Combobox,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  countOf as count,
  formatCount as n,
  type ClaretSession,
  type PauseForSignIn,
  type PushPreview,
  type PushSummary,
  type UserMessage,
} from "../workflows/api";
import { toUserMessage } from "../workflows/messages";
import {
  confirmPush,
  MAX_BATCH_ROWS,
  POST_BETA_WARNING,
  preparePush,
} from "../workflows/push/push";
import { SALE_TYPE_SUGGESTIONS } from "./formValidation";
import { ProblemList, WarningList } from "./ProblemLists";
import { BatchProgress, type BatchCount } from "./BatchProgress";
import { usePreview } from "./usePreview";
import { AgainOrBack } from "./AgainOrBack";
import type { PushViewProps } from "./pushView";
import { LISTED_ROWS, usePaneStyles } from "./paneStyles";

const useStyles = makeStyles({
  facts: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
  },
});

export default function PushPanel({
  session,
  requestKey,
  onClose,
  onMessage,
  pauseForSignIn,
}: PushViewProps) {
  const { preview, loading, load } = usePreview(preparePush, requestKey, onMessage);
  // held here, not in the view: a new preview (ribbon click) must not cut a running push short,
  // while closing the panel cancels it
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  if (loading) return <Spinner size="small" label="Reading the selection…" />;
  if (!preview)
    return <AgainOrBack again="Push selection" onAgain={() => void load()} onBack={onClose} />;
  return (
    <PushPreviewView
      preview={preview}
      session={session}
      onClose={onClose}
      onMessage={onMessage}
      onPreviewAgain={() => void load()}
      controller={controller}
      pauseForSignIn={pauseForSignIn}
    />
  );
}

export interface PushPreviewViewProps {
  /** what preparePush returned for the selection */
  preview: PushPreview;
  session: ClaretSession;
  onClose: () => void;
  onMessage: (message: UserMessage | null) => void;
  /** reads the selection again (after a push, or after the planner fixed cells) */
  onPreviewAgain: () => void;
  /** where the running push's AbortController is kept (by PushPanel, so closing the panel cancels it) */
  controller: RefObject<AbortController | null>;
  pauseForSignIn?: PauseForSignIn;
}

/** One preview: its facts, problems, options and "Confirm push"; state starts afresh for each preview. */
export function PushPreviewView({
  preview,
  session,
  onClose,
  onMessage,
  onPreviewAgain,
  controller,
  pauseForSignIn,
}: PushPreviewViewProps) {
  const styles = useStyles();
  const pane = usePaneStyles();
  const [saleType, setSaleType] = useState(preview.saleTypeName ?? "");
  const [createLinks, setCreateLinks] = useState(false);
  const [validOnly, setValidOnly] = useState(false);
  const [pushing, setPushing] = useState<BatchCount | null>(null);
  const [summary, setSummary] = useState<PushSummary | null>(null);

  const confirm = async () => {
    const c = new AbortController();
    controller.current = c;
    setPushing({
      batchesDone: 0,
      batches: Math.max(1, Math.ceil(preview.rowsToSend / MAX_BATCH_ROWS)),
    });
    onMessage(null);
    try {
      const result = await confirmPush(preview, session, {
        signal: c.signal,
        reauthenticate: pauseForSignIn?.("Pushing the selection", c),
        saleTypeName: saleType.trim(),
        createMissingLinks: createLinks,
        sendValidRowsOnly: validOnly,
        onProgress: (p) => setPushing(p),
      });
      setSummary(result);
      const intent =
        result.refused > 0 || result.unknown > 0 ? "warning" : result.sent > 0 ? "success" : "info";
      onMessage({ intent, text: result.sentence });
    } catch (error) {
      onMessage(toUserMessage(error));
    } finally {
      setPushing(null);
      controller.current = null;
    }
  };

  const blocked = preview.errors.length > 0 && !validOnly;
  const canConfirm =
    !pushing && !summary && preview.rowsToSend > 0 && !blocked && saleType.trim() !== "";
  const skipped = preview.skippedBlank + preview.skippedHidden;

  return (
    <section className={pane.stack} aria-label="Push preview">
      <h2 className={pane.heading}>
        Push {preview.selectionAddress} of sheet “{preview.sheetName}”
      </h2>
      <ul className={styles.facts}>
        <li>{count(preview.rowsToSend, "row")} to send</li>
        {skipped > 0 && (
          <li>
            {count(skipped, "row")} skipped ({preview.skippedHidden} hidden, {preview.skippedBlank}{" "}
            blank)
          </li>
        )}
        {preview.rowsWithErrors > 0 && <li>{count(preview.rowsWithErrors, "row")} with errors</li>}
        {preview.ignoredColumns.length > 0 && (
          <li>Ignored columns: {preview.ignoredColumns.join(", ")}</li>
        )}
        {preview.saleTypeName && <li>Sale type: {preview.saleTypeName}</li>}
      </ul>
      {preview.toSend.length > 0 && (
        <section aria-label="Rows to send">
          <h3 className={pane.subheading}>To send ({n(preview.toSend.length)})</h3>
          <ul className={pane.rowList}>
            {preview.toSend.slice(0, LISTED_ROWS).map((r, i) => (
              <li key={i}>
                {r.item_name}, {r.customer_group_name}, {r.sell_date}, {r.timing_interval_name}:{" "}
                {r.quantity}
              </li>
            ))}
          </ul>
          {preview.toSend.length > LISTED_ROWS && (
            <Text size={200}>…and {n(preview.toSend.length - LISTED_ROWS)} more.</Text>
          )}
        </section>
      )}
      {!preview.saleTypeName && (
        <Field
          label="Sale type"
          required
          hint="The selection is not in a pulled table, so say which sale type these rows belong to."
          validationMessage={saleType.trim() ? undefined : "Enter the sale type to push to."}
          validationState={saleType.trim() ? "none" : "warning"}
        >
          <Combobox
            freeform
            value={saleType}
            onChange={(e) => setSaleType(e.target.value)}
            onOptionSelect={(_, d) => setSaleType(d.optionText ?? "")}
          >
            {SALE_TYPE_SUGGESTIONS.map((s) => (
              <Option key={s}>{s}</Option>
            ))}
          </Combobox>
        </Field>
      )}
      <Checkbox
        label="Create missing item/customer group links"
        checked={createLinks}
        onChange={(_, d) => setCreateLinks(d.checked === true)}
      />
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Beta</MessageBarTitle>
          {POST_BETA_WARNING}
        </MessageBarBody>
      </MessageBar>
      <ProblemList title="Errors" problems={preview.errors} onMessage={onMessage} />
      <WarningList warnings={preview.warnings} onMessage={onMessage} />
      {preview.errors.length > 0 && preview.rowsToSend > 0 && (
        <Checkbox
          label={`Send the ${count(preview.rowsToSend, "valid row")} only`}
          checked={validOnly}
          onChange={(_, d) => setValidOnly(d.checked === true)}
        />
      )}
      {pushing && <BatchProgress progress={pushing} />}
      {summary && (
        <ProblemList title="Refused by Claret" problems={summary.problems} onMessage={onMessage} />
      )}
      <div className={pane.actions}>
        <Button appearance="primary" disabled={!canConfirm} onClick={() => void confirm()}>
          Confirm push
        </Button>
        {pushing ? (
          <Button onClick={() => controller.current?.abort()}>Cancel</Button>
        ) : (
          <Button onClick={onClose}>{summary ? "Done" : "Back"}</Button>
        )}
        {summary && <Button onClick={onPreviewAgain}>Preview again</Button>}
      </div>
    </section>
  );
}
