// The offline e2e infrastructure, for test code: import from 'test/e2e/infra/index.js'.
export { CACHE_DIR, InfraError, cachePath, fail, freePort, httpGet, log, run, runAsync, sleep, tryRun, waitForHttp, type RunResult } from './util.js';
export { ensureAptPackages } from './apt.js';
export {
  DOCKER, DOCKER_CONFIG_DIR, DOCKER_ENV, DOCKER_HOST, DOCKERD_ARGS, ENGINE_DIR, ENGINE_ROOT, ENGINE_SOCKET,
  docker, dockerAsync, dockerTry, engineAnswers, engineOfThisRun, ensureEngine, imageExists, releaseEngine, requireImage, type EngineInfo,
} from './engine.js';
export { onCleanup, runCleanups, runE2E } from './sandbox.js';
export { RUN_ID, RUN_LABEL, cleanUpRun, createNetwork, runLabelArgs, type CleanUpReport } from './run-scope.js';
export { STACKS, baseImageTags, type Stack } from './stacks.js';
export { ensureBaseImages, verifyBaseImage, type BaseImageInfo } from './base-image.js';
export { DEFAULT_LINES, ensureIndex, newestInRange, startIndex, type IndexInfo, type RunningIndex } from './package-index.js';
export { UV_IMAGE, ensureUvImage, ensureUvicornGunicornFastapiImage, officialStandinImage, type StandinImageInfo } from './standin-images.js';
export { dockerBuild, dockerCheck, fromImages, requireLocalImage, runDetached, runToCompletion, waitForContainerHttp, type BuildResult, type RunningContainer } from './containers.js';
export { setup, type SetupResult, type StackSetup } from './setup.js';
