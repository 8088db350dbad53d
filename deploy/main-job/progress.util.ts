// Progress of long steps: one line rewritten in place on a terminal, a line every few seconds
// otherwise (logs, CI).

export class Progress {
  private lastPrinted = 0;
  private open = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  step(message: string): void {
    this.end();
    this.out.write(`> ${message}\n`);
  }

  update(message: string): void {
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K  ${message}`);
      this.open = true;
    } else if (Date.now() - this.lastPrinted >= 5_000) {
      this.out.write(`  ${message}\n`);
      this.lastPrinted = Date.now();
    }
  }

  /** Finishes an in-place line (so the next output starts on a fresh one). */
  end(message?: string): void {
    if (this.open) this.out.write(message ? `\r\x1b[2K  ${message}\n` : '\n');
    else if (message) this.out.write(`  ${message}\n`);
    this.open = false;
    this.lastPrinted = 0;
  }

  warn(message: string): void {
    this.end();
    this.out.write(`  ! ${message}\n`);
  }
}
