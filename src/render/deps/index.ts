/** The one table of dependency tools: `--deps` value → the module that declares what the tool contributes. */
import type { Deps, Options } from '../../options/types.js';
import { pip } from './pip.js';
import { poetry } from './poetry.js';
import { uv } from './uv.js';
import type { DependencyTool } from './tool.js';

export type { DependencyTool, LockFile, RequirementsFormat } from './tool.js';

export const DEPENDENCY_TOOLS: Record<Deps, DependencyTool> = { pip, poetry, uv };

export const toolOf = (o: Pick<Options, 'deps'>): DependencyTool => DEPENDENCY_TOOLS[o.deps];
