// The row a view shows when it has nothing else to show (no preview yet or any more, or a part that failed to load):
// its own action once more, and Back.
import { Button } from "@fluentui/react-components";
import { usePaneStyles } from "./paneStyles";

/** The view's action once more (when it has one), and Back (when there is somewhere to go back to). */
export function AgainOrBack({
  again,
  onAgain,
  onBack,
}: {
  again?: string;
  onAgain?: () => void;
  onBack?: () => void;
}) {
  const pane = usePaneStyles();
  return (
    <div className={pane.actions}>
      {again && onAgain && (
        <Button appearance="primary" onClick={onAgain}>
          {again}
        </Button>
      )}
      {onBack && <Button onClick={onBack}>Back</Button>}
    </div>
  );
}
