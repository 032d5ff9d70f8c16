/** `tensorite crystal <train|predict>`: crystal graph networks on crystal structures. */
import { CRYSTAL_PREDICT_HELP, runCrystalPredict } from './crystal-predict.js';
import { CRYSTAL_TRAIN_HELP, runCrystalTrain } from './crystal-train.js';

/** Dispatches `tensorite crystal ...`; returns the exit code. */
export async function runCrystal(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'train') return runCrystalTrain(rest);
  if (sub === 'predict') return runCrystalPredict(rest);
  const help = `${CRYSTAL_TRAIN_HELP}\n${CRYSTAL_PREDICT_HELP}`;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(help);
    return sub === undefined ? 1 : 0;
  }
  process.stderr.write(`tensorite crystal: unknown subcommand "${sub}" (expected train or predict)\n`);
  return 2;
}
