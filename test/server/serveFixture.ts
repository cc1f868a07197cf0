// `npm run serve` without the build step (a stand-in dist/): the same configuration reading, start
// and signal handling, for the tests of the process's life (test/server/serve.test.ts).
import { readConfig } from "../../server/config";
import { startHost } from "../../server/serve";
import { fakeDist } from "./helpers";

startHost(readConfig(process.env), { distDir: fakeDist() }).then(
  ({ url }) => process.stderr.write(`listening ${url}\n`),
  (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
);
