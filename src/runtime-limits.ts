/**
 * Shutdown and restart timing shared by the Dockerfile, compose.yaml and the Kubernetes manifests.
 * One place, so that every file agrees: the server's graceful timeout must fit inside each platform's grace period.
 *
 * - `docker stop` sends SIGTERM, then SIGKILL after 10 s; Kubernetes after terminationGracePeriodSeconds (30 s).
 * - The server stops accepting at SIGTERM and gives in-flight requests GRACEFUL_TIMEOUT_SECONDS to finish.
 * - On Kubernetes, a preStop pause runs first, so that the endpoint is removed from Services before SIGTERM.
 */
export const GRACEFUL_TIMEOUT_SECONDS = 8;

/** compose.yaml `stop_grace_period`: longer than the graceful timeout, and Docker's own default. */
export const STOP_GRACE_PERIOD_SECONDS = 10;

/** Kubernetes: the preStop pause, and the grace period that must hold the pause plus the graceful timeout. */
export const PRESTOP_SLEEP_SECONDS = 5;
export const TERMINATION_GRACE_PERIOD_SECONDS = 30;
