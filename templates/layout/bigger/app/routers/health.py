from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness for the container's HEALTHCHECK and for orchestrator probes."""
    return {"status": "ok"}
