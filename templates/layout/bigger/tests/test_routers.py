from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_routers_are_documented() -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths) == {"/", "/items/{item_id}", "/health"}
