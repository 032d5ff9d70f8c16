import { MONITOR_HELP, runProcessMonitor } from './process-monitor.js';

const PROCESS_HELP = `tensorite process — process time series: forecasting, soft sensors, fault detection

Usage:
  tensorite process forecast   --data FILE --time-column COL --targets A,B --lookback N --horizon H [--model mlp]
  tensorite process softsensor --data FILE --time-column COL --targets Q [--inputs A,B,…] --lookback N
  tensorite process monitor    [--train FILE --test FILE] [--method pca|ae|vae|all]
Each writes metrics.json, predictions, weights and report.html into --out DIR (default a new folder under
runs/). Without data flags, each runs on the bundled Tennessee Eastman data. Add --help to a subcommand
for its options.
`;

/** `tensorite process …`. */
export async function runProcess(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'monitor') return runProcessMonitor(rest);
  if (sub === 'forecast' || sub === 'softsensor') {
    const { runProcessForecast } = await import('./process-forecast.js');
    return runProcessForecast(sub, rest);
  }
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(PROCESS_HELP);
    return sub === undefined ? 1 : 0;
  }
  process.stderr.write(`tensorite process: unknown subcommand "${sub}"\n\n${PROCESS_HELP}`);
  return 2;
}

export { MONITOR_HELP };
