/**
 * A dependency tool (`--deps`) is one module that declares everything it contributes to a project: the files it
 * writes, its Dockerfile stages and install steps (each with the comment that explains it), its README text, the
 * files `docker compose watch` rebuilds on, how requirements are read back out of it when an update moves to
 * another tool, and what the report says. index.ts maps each `--deps` value to its module through one Record, so a
 * missing tool is a compile error and a new one is one file and one row.
 */
import type { Options } from '../../options/types.js';
import type { Step } from '../dockerfile/model.js';
import type { GeneratedFile } from '../types.js';

/** A lock file the tool writes itself (uv.lock): the command that makes it, run in the project's directory. */
export interface LockFile {
  path: string;
  /** argv, e.g. ['uv', 'lock']; the first word is looked up on PATH. */
  command: readonly string[];
  /** Where to get the program, for the messages that say it is missing. */
  install: { name: string; url: string };
  /** The environment variables that hand the index's login to the command (never a file). */
  credentialsEnv: { username: string; password: string };
}

/** requirements.txt lines, or `[project] dependencies` of a pyproject.toml. */
export type RequirementsFormat = 'requirements-txt' | 'pyproject';

export interface DependencyTool {
  /** The report's "dependencies" row. */
  summary: string;
  /** The files it writes: requirements files or pyproject.toml. */
  files(o: Options): GeneratedFile[];
  /**
   * The file that holds the app's requirements, and its format: read when `--update --deps …` moves to another tool
   * (requirement-edits.ts has one reader per format; it loads only on --update, with the TOML reader).
   */
  requirements: { path: string; format: RequirementsFormat };
  /** Stages before the image's own (a builder stage), each a list of steps. */
  builderStages(o: Options): Step[][];
  /** Steps in the image's own stage that install the dependencies, before the start-up files and the code. */
  install(o: Options): Step[];
  /** Files whose change rebuilds the image under `docker compose watch`. */
  rebuildOn: readonly string[];
  /** Paths `docker compose watch` ignores inside the code it syncs (a local virtual environment). */
  watchIgnore: readonly string[];
  /** README "Test it": how to run the tests (and the app) on the developer's machine. */
  devLoop(o: Options): string;
  /** README "The package index": which steps read the index. */
  indexSteps: string;
  /** A lock file the generator makes itself when the tool is on PATH (uv.lock); absent for tools that lock in the build. */
  lock?: LockFile;
  /** A lock the user makes and commits (poetry.lock), and the command that relocks it; absent where there is none. */
  userLock?: { path: string; relock: string };
}
