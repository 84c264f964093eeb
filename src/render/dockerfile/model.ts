/** A Dockerfile as data: typed instructions, each with the comment that explains it. */
export type Instruction =
  | { op: 'FROM'; image: string; as?: string }
  | { op: 'ENV'; vars: ReadonlyArray<readonly [string, string]> }
  | { op: 'WORKDIR'; path: string }
  | { op: 'RUN'; commands: string[] }
  | { op: 'COPY'; sources: string[]; dest: string; from?: string }
  | { op: 'USER'; user: string }
  | { op: 'EXPOSE'; port: number }
  | { op: 'HEALTHCHECK'; flags: string[]; argv: string[] }
  | { op: 'ENTRYPOINT' | 'CMD'; argv: string[] };

export interface Step {
  comment?: string[];
  instruction: Instruction;
}

export interface DockerfileModel {
  header: string[];
  stages: Step[][];
}

const CONTINUATION = ' \\\n    ';

const envValue = (value: string): string => (/^[A-Za-z0-9_./:,*-]+$/.test(value) ? value : JSON.stringify(value));

/** Exec form: a JSON array, so no shell sits between Docker and the process. */
const execForm = (argv: string[]): string => `[${argv.map((arg) => JSON.stringify(arg)).join(', ')}]`;

export function printInstruction(instruction: Instruction): string {
  switch (instruction.op) {
    case 'FROM':
      return `FROM ${instruction.image}${instruction.as ? ` AS ${instruction.as}` : ''}`;
    case 'ENV':
      return `ENV ${instruction.vars.map(([key, value]) => `${key}=${envValue(value)}`).join(CONTINUATION)}`;
    case 'WORKDIR':
      return `WORKDIR ${instruction.path}`;
    case 'RUN':
      return `RUN ${instruction.commands.join(`${CONTINUATION}&& `)}`;
    case 'COPY':
      return `COPY ${instruction.from ? `--from=${instruction.from} ` : ''}${[...instruction.sources, instruction.dest].join(' ')}`;
    case 'USER':
      return `USER ${instruction.user}`;
    case 'EXPOSE':
      return `EXPOSE ${instruction.port}`;
    case 'HEALTHCHECK':
      return `HEALTHCHECK ${instruction.flags.join(' ')}${CONTINUATION}CMD ${execForm(instruction.argv)}`;
    case 'ENTRYPOINT':
    case 'CMD':
      return `${instruction.op} ${execForm(instruction.argv)}`;
  }
}

export function printDockerfile(model: DockerfileModel): string {
  const blocks: string[] = [model.header.map((line) => `# ${line}`).join('\n')];
  for (const stage of model.stages) {
    for (const step of stage) {
      const comment = (step.comment ?? []).map((line) => `# ${line}`);
      blocks.push([...comment, printInstruction(step.instruction)].join('\n'));
    }
  }
  return `${blocks.join('\n\n')}\n`;
}
