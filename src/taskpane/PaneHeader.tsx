// Who is signed in, and Sign out (which waits while a work runs).
import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  header: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
});

export interface PaneHeaderProps {
  tenant: string;
  busy: boolean;
  onSignOut: () => void;
}

export function PaneHeader({ tenant, busy, onSignOut }: PaneHeaderProps) {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <Text size={200}>
        Signed in to <strong>{tenant}</strong>
      </Text>
      <Button appearance="subtle" onClick={onSignOut} disabled={busy}>
        Sign out
      </Button>
    </header>
  );
}
