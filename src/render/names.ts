/** Names derived from the options, each computed here and only here. */
import type { Options } from '../options/types.js';
import { normalizeName } from '../options/grammar/pep508.js';

/** The image the project builds: `docker build -t`. */
export const imageTag = (o: Options): string => o.tag.ref;

/**
 * The container name in `docker run --name`: the image's last path component. Docker wants at least two
 * characters ([a-zA-Z0-9][a-zA-Z0-9_.-]+), so a one-letter name gets a suffix.
 */
export const containerName = (o: Options): string => (o.tag.baseName.length < 2 ? `${o.tag.baseName}-app` : o.tag.baseName);

/** The Python project name (pyproject.toml, the README title): the image name, normalized as PEP 503 does. */
export const projectName = (o: Options): string => normalizeName(o.tag.baseName);

/** Where the app answers on the host after the README's `docker run -p`. */
export const localUrl = (o: Options): string => `http://127.0.0.1${o.port === 80 ? '' : `:${o.port}`}`;
