import { runCompositionPredict } from './composition-predict.js';
import { runCompositionTrain } from './composition-train.js';

const USAGE = `Usage: tensorite composition <command> [options]

Commands:
  train      Train and cross-validate a composition → property model; writes a run folder with a report
  predict    Predict with a trained model (a run folder) for the formulas of a CSV file

Run \`tensorite composition <command> --help\` for the options of a command.
`;

/** `tensorite composition <command>`: dispatches to the composition workflow's commands. */
export async function runComposition(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'train') return runCompositionTrain(rest);
  if (command === 'predict') return runCompositionPredict(rest);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  process.stderr.write(`tensorite composition: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}
