/** Pieces every dependency tool's steps share: the index's secret mount and pip's index flag. */
import type { Options } from '../../options/types.js';
import type { SecretMount } from '../dockerfile/model.js';

/**
 * With a package index, every step that downloads mounts the index's credentials, if the build is given them
 * (`docker build --secret id=netrc,src=…`): pip, Poetry and uv read ~/.netrc, and a secret mount is in no layer.
 */
export const INDEX_SECRET: SecretMount = { id: 'netrc', target: '/root/.netrc' };
export const indexSecret = (o: Options): SecretMount | undefined => (o.indexUrl ? INDEX_SECRET : undefined);
export const pipIndexFlags = (o: Options): string[] => (o.indexUrl ? ['--index-url', o.indexUrl.url] : []);

/** A README code block of shell lines. */
export const shellBlock = (...lines: string[]): string => ['```sh', ...lines, '```'].join('\n');
