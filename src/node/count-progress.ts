import { isCI, progressBarText, redrawLine, type ProgressStream } from './progress.js';

/** Options of `CountProgress`. */
export interface CountProgressOptions {
  /** Default `process.stderr`. */
  stream?: ProgressStream;
  /** Environment used to detect CI (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Characters of the bar (default 24). */
  width?: number;
  /** Least milliseconds between two redraws (default 100). */
  intervalMs?: number;
}

/**
 * Progress of a long job over a known number of items (rows featurised, files read): a bar redrawn in place
 * on a terminal (`featurize ███████░░░ 41000/120000`), cleared when done; nothing without a terminal or on
 * CI. The training loop's equivalent is `ProgressBar`.
 *
 * @example
 * const progress = new CountProgress('featurize', rows);
 * for (let r = 0; r < rows; r++) { work(r); progress.update(r + 1); }
 * progress.done();
 */
export class CountProgress {
  readonly live: boolean;
  private readonly stream: ProgressStream;
  private readonly width: number;
  private readonly intervalMs: number;
  private lastDraw = -Infinity;

  constructor(
    private readonly label: string,
    private readonly total: number,
    options: CountProgressOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.width = options.width ?? 24;
    this.intervalMs = options.intervalMs ?? 100;
    this.live = this.stream.isTTY === true && !isCI(options.env ?? process.env);
  }

  /** Reports that `done` items are finished; redraws at most every `intervalMs`. */
  update(done: number): void {
    if (!this.live) return;
    const now = performance.now();
    if (done < this.total && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    redrawLine(this.stream, `${this.label} ${progressBarText(done, this.total, this.width)} ${done}/${this.total}`);
  }

  /** Clears the bar. */
  done(): void {
    if (this.live) this.stream.write('\r\x1b[2K');
  }
}
