import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A real terminal: the program runs in a tmux pane, keys are typed with send-keys, the screen is read with capture-pane. */
export class TmuxSession {
  readonly name: string;
  private readonly exitFile: string;

  constructor(cwd: string, command: string, env = 'env -u CI') {
    this.name = `cfd-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.exitFile = join(cwd, '.exit-code');
    // By default CI is unset inside the pane, as on a developer's machine: the TTY alone must make it interactive.
    const script = `cd '${cwd}' && ${env} ${command}; echo $? > '${this.exitFile}'; sleep 600`;
    // A tmux server of its own (-L): no race with another test's server shutting down, and kill() ends only ours.
    this.tmux('new-session', '-d', '-s', this.name, '-x', '140', '-y', '50', script);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.name, ...args], { encoding: 'utf8' });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', this.name);
  }

  /** Waits until the screen shows the text; fails with the screen as it was. */
  async waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; the screen was:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  /** Types an answer and presses Enter. */
  answer(text: string): void {
    this.type(text);
    this.keys('Enter');
  }

  async exitCode(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(this.exitFile)) {
      if (Date.now() > deadline) throw new Error(`the program did not exit; the screen was:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 50));
    return Number(readFileSync(this.exitFile, 'utf8').trim());
  }

  kill(): void {
    try {
      execFileSync('tmux', ['-L', this.name, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
