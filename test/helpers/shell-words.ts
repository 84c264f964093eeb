/**
 * A strict reader of the shell-form RUN lines we write: it returns the commands (split at `&&`) as argument
 * lists, and throws at anything a POSIX shell would not take literally outside single quotes (expansions,
 * globs, redirections, other operators, double quotes, a backslash other than the `'\''` idiom). If it returns,
 * the shell sees exactly these words.
 */
const LITERAL = /[A-Za-z0-9_@%+=:,./-]/;

export function shellCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  let word: string | undefined;
  const end = () => {
    if (word !== undefined) commands.at(-1)?.push(word);
    word = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ') {
      end();
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unterminated quote at ${i}: ${line}`);
      word = (word ?? '') + line.slice(i + 1, close);
      i = close;
    } else if (c === '\\' && line[i + 1] === "'") {
      word = `${word ?? ''}'`;
      i++;
    } else if (c === '&' && line[i + 1] === '&' && word === undefined && line[i + 2] === ' ') {
      commands.push([]);
      i++;
    } else if (LITERAL.test(c)) {
      word = (word ?? '') + c;
    } else {
      throw new Error(`the shell would interpret ${JSON.stringify(c)} at ${i}: ${line}`);
    }
  }
  end();
  return commands;
}

/** Every RUN instruction of a Dockerfile: continuation lines joined, its --mount flags taken off. */
export function runLines(dockerfile: string): { mounts: string[]; command: string }[] {
  const joined = dockerfile.replace(/ \\\n {4}/g, ' ');
  return joined
    .split('\n')
    .filter((l) => l.startsWith('RUN '))
    .map((l) => {
      const words = l.slice(4).split(' ');
      const mounts = words.filter((w, i) => w.startsWith('--mount=') && words.slice(0, i).every((x) => x.startsWith('--mount=')));
      return { mounts, command: words.slice(mounts.length).join(' ') };
    });
}
