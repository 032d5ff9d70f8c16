import { VERSION } from '../version.js';
import { runDemo } from './demo.js';
import { runComposition } from './composition.js';

const HELP = `tensorite ${VERSION} — deep learning for materials and process data

Usage:
  tensorite <command> [options]

Commands:
  demo            Train a small network and print its learning curve
                  options: --epochs N (default 60), --seed N (default 0)
  composition     Composition → property workflows (featurize, leakage); see tensorite composition --help
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
