import { VERSION } from '../version.js';
import { runComposition } from './composition.js';
import { runCrystal } from './crystal.js';
import { runDemo } from './demo.js';
import { runProcess } from './process.js';

const HELP = `tensorite ${VERSION} — deep learning for materials and process data

Usage:
  tensorite <command> [options]

Commands:
  demo            The composition workflow on bundled data: steels' yield strength from composition,
                  Matbench's official folds, report in runs/ (tensorite demo --help for options)
  composition     Composition → property workflow: featurize, leakage, train (cross-validated, with a report), predict
  process         Process time series: forecast, softsensor, monitor (see tensorite process help)
  crystal train   Train a crystal graph network (CGCNN) on CIF/POSCAR structures; writes a report
  crystal predict Predict with a trained CGCNN run, with per-atom contributions
                  (tensorite crystal --help for options)
  help            Show this help

Options:
  -h, --help      Show this help
  -v, --version   Print the version
`;

/** The `tensorite` command. Returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '-h' || command === '--help') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === 'demo') return runDemo(rest);
  if (command === 'composition') return runComposition(rest);
  if (command === 'process') return runProcess(rest);
  if (command === 'crystal') return runCrystal(rest);
  process.stderr.write(`tensorite: unknown command "${command}"\n\n${HELP}`);
  return 2;
}
