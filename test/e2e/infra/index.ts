// The offline e2e infrastructure, for test code: import from 'test/e2e/infra/index.js'.
export { CACHE_DIR, InfraError, cachePath, fail, freePort, httpGet, log, run, runAsync, sleep, tryRun, waitForHttp, type RunResult } from './util.js';
export { ensureAptPackages } from './apt.js';
export {
  DOCKER, DOCKER_CONFIG_DIR, DOCKER_ENV, DOCKER_HOST, DOCKERD_ARGS, ENGINE_DIR, ENGINE_SOCKET,
  aloneOnEngine, docker, dockerAsync, dockerTry, engineAnswers, engineOfThisRun, ensureEngine, imageExists, releaseEngine, requireImage, type EngineInfo,
} from './engine.js';
export { RUN_ID, RUN_LABEL, cleanUpRun, createNetwork, runLabelArgs, type CleanUpReport } from './run-scope.js';
export { BASE_IMAGE_TAGS, PYTHON_VERSION, ensureBaseImages, verifyBaseImage, type BaseImageInfo } from './base-image.js';
export { INDEX_PACKAGES, ensureIndex, startIndex, type IndexInfo, type RunningIndex } from './package-index.js';
export { UVICORN_GUNICORN_FASTAPI_IMAGE, ensureUvicornGunicornFastapiImage, type StandinImageInfo } from './standin-images.js';
export { dockerBuild, fromImages, runDetached, runToCompletion, waitForContainerHttp, type BuildResult, type RunningContainer } from './containers.js';
export { checkFacts, runSmoke, type Facts, type SmokeResult } from './smoke.js';
export { setup, type SetupResult } from './setup.js';
