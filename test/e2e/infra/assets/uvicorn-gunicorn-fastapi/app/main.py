# Default app of the uvicorn-gunicorn-fastapi stand-in image (replaced by COPY ./app /app).
import sys

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def read_root():
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return {"message": f"Hello world! From FastAPI running on Uvicorn with Gunicorn (stand-in image). Using Python {version}"}
