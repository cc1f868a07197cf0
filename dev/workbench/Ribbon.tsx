// The workbench's ribbon strip: the add-in's two ribbon buttons, invoked the way Excel does it
// (through the actions the add-in associated), and the button that shows or hides the task pane.
import { useState, type ReactElement } from 'react';
import { Spinner, Toolbar, ToolbarButton, ToolbarDivider, ToolbarToggleButton, Tooltip } from '@fluentui/react-components';
import { ArrowSyncRegular, CloudArrowUpRegular, PanelRightRegular } from '@fluentui/react-icons';

export interface RibbonProps {
  invoke: (actionId: 'refreshSheet' | 'pushSelection') => Promise<unknown>;
  paneVisible: boolean;
  onTogglePane: (visible: boolean) => void;
}

export function Ribbon({ invoke, paneVisible, onTogglePane }: RibbonProps) {
  const [running, setRunning] = useState<Set<string>>(new Set());
  const run = async (id: 'refreshSheet' | 'pushSelection') => {
    setRunning((s) => new Set(s).add(id));
    try {
      await invoke(id);
    } finally {
      setRunning((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    }
  };
  const icon = (id: string, idle: ReactElement) => (running.has(id) ? <Spinner size="extra-tiny" /> : idle);
  return (
    <Toolbar
      aria-label="Ribbon"
      className="wb-ribbon"
      checkedValues={{ pane: paneVisible ? ['claret'] : [] }}
      onCheckedValueChange={(_, d) => onTogglePane(d.checkedItems.includes('claret'))}
    >
      <span className="wb-ribbon-group" aria-hidden="true">
        Claret
      </span>
      <Tooltip content="Re-run the Claret query of the table on the active sheet" relationship="description">
        <ToolbarButton icon={icon('refreshSheet', <ArrowSyncRegular />)} aria-busy={running.has('refreshSheet')} onClick={() => void run('refreshSheet')}>
          Refresh sheet
        </ToolbarButton>
      </Tooltip>
      <Tooltip content="Preview the selected rows, then send them to Claret" relationship="description">
        <ToolbarButton icon={icon('pushSelection', <CloudArrowUpRegular />)} aria-busy={running.has('pushSelection')} onClick={() => void run('pushSelection')}>
          Push selection
        </ToolbarButton>
      </Tooltip>
      <ToolbarDivider />
      <ToolbarToggleButton name="pane" value="claret" icon={<PanelRightRegular />} appearance="subtle">
        Claret
      </ToolbarToggleButton>
    </Toolbar>
  );
}
