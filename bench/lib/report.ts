// How a scenario process hands its figures to bench/run.ts: one line on stdout, prefixed so that anything else a
// scenario (or a library) prints cannot be mistaken for it. Progress goes to stderr.

export const RESULT_PREFIX = "BENCH_RESULT ";

export type Figures = Record<
  string,
  number | string | boolean | null | Record<string, unknown> | unknown[]
>;

export function emitResult(figures: Figures): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(figures)}\n`);
}

export function log(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

/** Runs a scenario's main, reporting a failure with its stack and exit code 1. */
export function runScenario(main: () => Promise<Figures>): void {
  main().then(
    (figures) => {
      emitResult(figures);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
      );
      process.exit(1);
    }
  );
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
