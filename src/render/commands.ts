/** The commands the README, the Dockerfile header and the next steps show: built once, from shell words. */
import type { Options } from '../options/types.js';
import { shellCommand, shellWord } from './escape.js';
import { containerName, imageTag } from './names.js';

/** The index credentials as a BuildKit secret, from the user's netrc (the shell expands $HOME). */
export const NETRC_SECRET_FLAG = '--secret id=netrc,src=$HOME/.netrc';

/** The build command a user runs: shell words from the options, plus the fixed secret flag for an index with a login. */
export const buildCommand = (o: Options): string =>
  `docker build${o.indexUrl && o.indexLogin ? ` ${NETRC_SECRET_FLAG}` : ''} -t ${shellWord(imageTag(o))} .`;

export const runCommand = (o: Options): string =>
  shellCommand(['docker', 'run', '-d', '--name', containerName(o), '--restart', 'unless-stopped', '-p', `${o.port}:${o.port}`, imageTag(o)]);

