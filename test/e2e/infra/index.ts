// The offline e2e infrastructure, for test code: import from 'test/e2e/infra/index.js'.
export { CACHE_DIR, InfraError, cachePath, fail, freePort, httpGet, log, run, runAsync, sleep, tryRun, waitForHttp, type RunResult } from './util.js';
export { DOCKER, DOCKER_ENV, ensureEngine, ensureAptPackages, engineRunning, imageExists, requireImage, type EngineInfo } from './engine.js';
export { BASE_IMAGE_TAGS, PYTHON_VERSION, ensureBaseImages, verifyBaseImage, type BaseImageInfo } from './base-image.js';
export { INDEX_PACKAGES, ensureIndex, startIndex, type IndexInfo, type RunningIndex } from './package-index.js';
export { UVICORN_GUNICORN_FASTAPI_IMAGE, ensureUvicornGunicornFastapiImage, type StandinImageInfo } from './standin-images.js';
export { dockerBuild, fromImages, runDetached, runToCompletion, waitForContainerHttp, type BuildResult, type RunningContainer } from './containers.js';
export { checkFacts, runSmoke, type Facts, type SmokeResult } from './smoke.js';
export { setup, type SetupResult } from './setup.js';
