import { main } from './cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`create-fastapi-docker crashed; please report this with the command you ran:\n${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
