import { main } from './cli/main.js';

// A reader that stops early (`| head`) is not an error: finish quietly, as a shell tool does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`create-fastapi-docker crashed; please report this with the command you ran:\n${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
