"""TEST-ONLY STAND-IN for the ``uvicorn-worker`` package (not the real package).

Made by create-fastapi-docker's offline e2e infrastructure, because Debian ships no
uvicorn-worker and PyPI is out of reach there. Like the real package, it offers Gunicorn
worker classes that run Uvicorn: each builds Uvicorn's ``Config`` from Gunicorn's settings
(keep-alive, max requests, ``forwarded_allow_ips``...), then applies ``CONFIG_KWARGS``, and
keeps it as ``worker.config``. Like the real 0.4.0, it does not hand ``graceful_timeout`` to
Uvicorn: a generated gunicorn_conf.py does that itself, and the suite checks it on this stand-in.

It subclasses the ``uvicorn.workers`` module that Uvicorn itself still carries (deprecated since
0.30, present in 0.32 and 0.53, the versions the suite runs), whose classes build the Config that
way; the assignment below makes the forwarded_allow_ips hand-over explicit whatever the version.
"""

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
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
