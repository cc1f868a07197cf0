// Every emulator host a test installs runs behind Microsoft's own Excel client (desktop build unless
// EXCEL_CLIENT=web), loaded the first time a host is installed in this test file's global.
import { loadMicrosoftClientOnInstall } from "../../dev/excel-emulator/node-client";

loadMicrosoftClientOnInstall();
