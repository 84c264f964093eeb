/**
 * A Dockerfile as data: typed instructions, each with the comment that explains it. The printer is the only
 * place where values become Dockerfile text, and it writes each through the escaping layer: RUN commands are
 * argument lists printed as shell words, CMD and HEALTHCHECK are exec-form JSON, ENV values are plain.
 */
import { commentText, dockerWord, envValue, execForm, imageRef, shellCommand } from '../escape.js';

/** A BuildKit secret mounted as a file for one RUN step only: never in a layer, never in `docker history`. */
export interface SecretMount {
  id: string;
  target: string;
}

/** Other RUN mounts (BuildKit): a cache kept between builds, or a file of the build context bound in for one step. */
export type RunMount = { type: 'cache'; target: string } | { type: 'bind'; source: string; target: string };

/** An ENV value: plain text, or a directory put in front of a variable the base image set (`DIR:$PATH`). */
export type EnvSetting = string | { prepend: string; to: string };

export type Instruction =
  | { op: 'FROM'; image: string; as?: string }
  | { op: 'ENV'; vars: ReadonlyArray<readonly [string, EnvSetting]> }
  | { op: 'WORKDIR'; path: string }
  | { op: 'RUN'; commands: readonly (readonly string[])[]; mounts?: readonly RunMount[]; secret?: SecretMount }
  | { op: 'COPY'; sources: string[]; dest: string; from?: string }
  | { op: 'USER'; user: string }
  | { op: 'EXPOSE'; port: number }
  | { op: 'HEALTHCHECK'; flags: string[]; argv: string[] }
  | { op: 'ENTRYPOINT' | 'CMD'; argv: string[] };

/**
 * A hadolint rule that does not hold for one instruction, and why. Only rules a piece can actually trip are listed,
 * so an ignore names a rule the reader can look up (https://github.com/hadolint/hadolint#rules).
 */
export type HadolintRule = 'DL3006' | 'DL3007' | 'DL3013';

export interface LintIgnore {
  rule: HadolintRule;
  reason: string;
}

export interface Step {
  comment?: string[];
  /** Printed last, right above the instruction, as hadolint reads only the comment line next to it. */
  ignores?: readonly LintIgnore[];
  instruction: Instruction;
}

export interface DockerfileModel {
  header: string[];
  stages: Step[][];
}

const CONTINUATION = ' \\\n    ';

const secretMount = (secret: SecretMount | undefined): string =>
  secret ? `--mount=type=secret,id=${dockerWord(secret.id)},target=${dockerWord(secret.target)}` : '';

const runMount = (m: RunMount): string =>
  m.type === 'cache' ? `--mount=type=cache,target=${dockerWord(m.target)}` : `--mount=type=bind,source=${dockerWord(m.source)},target=${dockerWord(m.target)}`;

/** The mounts of a RUN, one per line when there are several (as uv's guide writes them), then the commands. */
function printRun(run: Extract<Instruction, { op: 'RUN' }>): string {
  const mounts = [...(run.mounts ?? []).map(runMount), secretMount(run.secret)].filter(Boolean);
  const commands = run.commands.map(shellCommand).join(`${CONTINUATION}&& `);
  if (mounts.length <= 1) return `RUN ${mounts.map((m) => `${m} `).join('')}${commands}`;
  return `RUN ${[...mounts, commands].join(CONTINUATION)}`;
}

const envSetting = (value: EnvSetting): string =>
  typeof value === 'string' ? envValue(value) : `${envValue(value.prepend)}:$${dockerWord(value.to)}`;

export function printInstruction(instruction: Instruction): string {
  switch (instruction.op) {
    case 'FROM':
      return `FROM ${imageRef(instruction.image)}${instruction.as ? ` AS ${dockerWord(instruction.as)}` : ''}`;
    case 'ENV':
      return `ENV ${instruction.vars.map(([key, value]) => `${dockerWord(key)}=${envSetting(value)}`).join(CONTINUATION)}`;
    case 'WORKDIR':
      return `WORKDIR ${dockerWord(instruction.path)}`;
    case 'RUN':
      return printRun(instruction);
    case 'COPY':
      return `COPY ${instruction.from ? `--from=${dockerWord(instruction.from)} ` : ''}${[...instruction.sources, instruction.dest].map(dockerWord).join(' ')}`;
    case 'USER':
      return `USER ${dockerWord(instruction.user)}`;
    case 'EXPOSE':
      return `EXPOSE ${Math.trunc(instruction.port)}`;
    case 'HEALTHCHECK':
      return `HEALTHCHECK ${instruction.flags.map(dockerWord).join(' ')}${CONTINUATION}CMD ${execForm(instruction.argv)}`;
    case 'ENTRYPOINT':
    case 'CMD':
      return `${instruction.op} ${execForm(instruction.argv)}`;
  }
}

/**
 * `# hadolint ignore=DL3006,DL3007 # reason; reason`: one line, since hadolint reads only the comment just above the
 * instruction, and the reasons after a second `#`, the one place hadolint 2.15 lets text follow the rule list.
 */
const ignoreLine = (ignores: readonly LintIgnore[]): string[] =>
  ignores.length
    ? [`# hadolint ignore=${ignores.map((i) => i.rule).join(',')} # ${commentText(ignores.map((i) => i.reason).join('; '))}`]
    : [];

export function printDockerfile(model: DockerfileModel): string {
  const blocks: string[] = [model.header.map((line) => `# ${commentText(line)}`).join('\n')];
  for (const stage of model.stages) {
    for (const step of stage) {
      const comment = [...(step.comment ?? []).map((line) => `# ${commentText(line)}`), ...ignoreLine(step.ignores ?? [])];
      blocks.push([...comment, printInstruction(step.instruction)].join('\n'));
    }
  }
  return `${blocks.join('\n\n')}\n`;
}
