import { VERSION } from '../version.js';
import { runComposition } from './composition.js';
import { runDemo } from './demo.js';

const HELP = `tensorite ${VERSION} — deep learning for materials and process data

Usage:
  tensorite <command> [options]

Commands:
  demo            The composition workflow on bundled data: steels' yield strength from composition,
                  Matbench's official folds, report in runs/ (tensorite demo --help for options)
  composition     Composition → property workflows (train, predict, featurize, leakage); see tensorite composition --help
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
  process.stderr.write(`tensorite: unknown command "${command}"\n\n${HELP}`);
  return 2;
}
