"""TEST-ONLY STAND-IN for the ``uvicorn-worker`` package (not the real package).

Made by create-fastapi-docker's offline e2e infrastructure, because Debian ships no
uvicorn-worker and PyPI is out of reach there. Like the real package, it offers gunicorn
worker classes that run uvicorn: each builds uvicorn's ``Config`` from gunicorn's settings,
``forwarded_allow_ips=self.cfg.forwarded_allow_ips`` included, then applies
``CONFIG_KWARGS``. It does so by subclassing ``uvicorn.workers`` (uvicorn 0.32), whose
classes already build the Config that way; the assignment below makes the
forwarded_allow_ips hand-over explicit, whatever uvicorn version is underneath.
"""

from uvicorn.workers import UvicornWorker as _UvicornWorker

__all__ = ["UvicornWorker", "UvicornH11Worker"]
__version__ = "0.4.0"
STAND_IN = True


class UvicornWorker(_UvicornWorker):
    CONFIG_KWARGS = {"loop": "auto", "http": "auto"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # gunicorn's --forwarded-allow-ips / FORWARDED_ALLOW_IPS, as the real worker passes it
        self.config.forwarded_allow_ips = self.cfg.forwarded_allow_ips


class UvicornH11Worker(UvicornWorker):
    CONFIG_KWARGS = {"loop": "asyncio", "http": "h11"}
