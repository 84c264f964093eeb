from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_read_root() -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json() == {"Hello": "World"}


def test_read_item() -> None:
    response = client.get("/items/5", params={"q": "somequery"})
    assert response.status_code == 200
    assert response.json() == {"item_id": 5, "q": "somequery"}


def test_read_item_without_query() -> None:
    assert client.get("/items/5").json() == {"item_id": 5, "q": None}


def test_health() -> None:
    assert client.get("/health").json() == {"status": "ok"}
