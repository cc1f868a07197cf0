// The shared runtime's start, in the order Excel needs: the ribbon commands are associated first,
// synchronously, before React, Fluent UI or any other chunk loads. Excel delivers a ribbon click as soon
// as Office.js is ready and drops it if no function is associated yet — the first-click bug of shared
// runtimes with a heavy bundle (OfficeDev/office-js#5176, #3378, #2744).
import { registerCommands } from "../commands/commands";
import type { StartOptions } from "./startAddin";

export function startSharedRuntime(
  container: HTMLElement | Promise<HTMLElement>,
  options: StartOptions = {}
): Promise<void> {
  void registerCommands();
  return Promise.all([import(/* webpackChunkName: "pane" */ "./startAddin"), container]).then(
    ([{ startAddin }, element]) => startAddin(element, options)
  );
}
