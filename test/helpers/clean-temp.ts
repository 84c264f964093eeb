/** Setup file (vitest.config.ts): each test file removes the temporary directories it made, when it ends. */
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dirs.js';

afterAll(removeTempDirs, 30_000);
