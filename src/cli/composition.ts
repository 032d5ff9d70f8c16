import { runCompositionFeaturize } from './composition-featurize.js';
import { runCompositionLeakage } from './composition-leakage.js';
import { runCompositionPredict } from './composition-predict.js';
import { runCompositionTrain } from './composition-train.js';

/** A `tensorite composition` subcommand: a one-line summary for the help and the function that runs it. */
interface Subcommand {
  readonly summary: string;
  readonly run: (argv: readonly string[]) => Promise<number>;
}

/** The subcommands of `tensorite composition`, in help order. */
const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  featurize: { summary: 'Magpie composition features of a CSV column of formulas', run: runCompositionFeaturize },
  leakage: { summary: 'exact and near-duplicate compositions across a train/test split, or within one file', run: runCompositionLeakage },
  train: { summary: 'train and cross-validate a composition → property model; writes a run folder with a report', run: runCompositionTrain },
  predict: { summary: 'predict with a trained model (a run folder), with uncertainty', run: runCompositionPredict },
};

function help(): string {
  const names = Object.keys(SUBCOMMANDS);
  const pad = Math.max(...names.map((n) => n.length)) + 2;
  const lines = names.map((n) => `  ${n.padEnd(pad)}${SUBCOMMANDS[n]!.summary}`);
  return `Usage: tensorite composition <subcommand> [options]

Composition → property workflows on CSV files with a column of chemical formulas.

Subcommands:
${lines.join('\n')}

Run tensorite composition <subcommand> --help for its options.
`;
}

/** `tensorite composition …`: dispatches to a subcommand. Returns the exit code. */
export async function runComposition(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '-h' || sub === '--help') {
    process.stdout.write(help());
    return sub === undefined ? 1 : 0;
  }
  const command = SUBCOMMANDS[sub];
  if (command === undefined || !Object.prototype.hasOwnProperty.call(SUBCOMMANDS, sub)) {
    process.stderr.write(`tensorite composition: unknown subcommand "${sub}"\n\n${help()}`);
    return 2;
  }
  return command.run(rest);
}
