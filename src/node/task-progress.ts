import { ValueError } from '../core/errors.js';
import { type ProgressStream, isCI, progressBarText, redrawLine } from './progress.js';

/** Options of `TaskProgress`. */
export interface TaskProgressOptions {
  /** Default `process.stderr`. */
  readonly stream?: ProgressStream;
  /** 'live' (a bar redrawn in place), 'lines' (one line per `tick` with a message), 'silent', or 'auto' (default: live on a TTY outside CI, else lines). */
  readonly mode?: 'live' | 'lines' | 'silent' | 'auto';
  /** Characters of the bar (default 24). */
  readonly width?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A progress bar over a known number of steps of long work (e.g. networks to train in a cross-validation),
 * with elapsed time and an estimate of the time left:
 *
 * ```text
 * training ██████████░░░░░░░░░░░░░░ 10/25 · fold 2/5 member 5/5 · 0:42 elapsed, ~1:03 left
 * ```
 *
 * On a terminal the line is redrawn in place; without one (or on CI) each step with a message prints one
 * line, so logs stay readable.
 */
export class TaskProgress {
  readonly total: number;
  readonly label: string;
  readonly mode: 'live' | 'lines' | 'silent';
  private readonly stream: ProgressStream;
  private readonly width: number;
  private readonly started = performance.now();
  private done = 0;

  constructor(label: string, total: number, options: TaskProgressOptions = {}) {
    if (!Number.isInteger(total) || total < 1) throw new ValueError(`TaskProgress: total must be a positive integer, got ${total}`);
    this.label = label;
    this.total = total;
    this.stream = options.stream ?? process.stderr;
    this.width = options.width ?? 24;
    const mode = options.mode ?? 'auto';
    this.mode = mode !== 'auto' ? mode : this.stream.isTTY === true && !isCI(options.env ?? process.env) ? 'live' : 'lines';
  }

  /** Marks `steps` more steps done (default 1) and shows `message` beside the bar. */
  tick(message = '', steps = 1): void {
    this.done = Math.min(this.total, this.done + steps);
    if (this.mode === 'silent') return;
    const seconds = (performance.now() - this.started) / 1000;
    const left = this.done === 0 ? '' : `, ~${clock((seconds / this.done) * (this.total - this.done))} left`;
    const line = `${this.label} ${progressBarText(this.done, this.total, this.width)} ${this.done}/${this.total}${message === '' ? '' : ` · ${message}`} · ${clock(seconds)} elapsed${this.done < this.total ? left : ''}`;
    if (this.mode === 'live') {
      redrawLine(this.stream, line, this.done === this.total ? '\n' : '');
    } else if (message !== '' || this.done === this.total) {
      this.stream.write(`${line}\n`);
    }
  }

  /** Ends a live bar's line early (e.g. before printing an error). */
  finish(): void {
    if (this.mode === 'live' && this.done < this.total) this.stream.write('\n');
  }
}

/** Seconds as m:ss. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
