import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ValueError } from '../core/errors.js';

/**
 * `util.parseArgs` for a subcommand's flags (strict, no positionals): an unknown flag or a missing value is
 * a ValueError that names the command and points at its --help.
 * @example parseCommandArgs('composition featurize', argv, { data: { type: 'string' } }).data
 */
type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** The parsed flag values for an options table `O`. */
export type CommandArgs<O extends CommandOptions> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>>['values'];

export function parseCommandArgs<const O extends CommandOptions>(command: string, argv: readonly string[], options: O): CommandArgs<O> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ValueError(`${command}: ${(error as Error).message}; see tensorite ${command} --help`);
  }
}
