"""docgen's web page: the batch, validation and the amount in words in a browser, for staff
who do not use a terminal (``docgen serve``; docs/web.md).

Built on Starlette rather than a larger framework: it is a small ASGI toolkit (routing,
requests, responses, a test client) with no build step, no ORM and no admin to configure, and
the page is one Jinja2 template with a little vanilla JavaScript; uvicorn serves it. Everything
it does, it does by calling the same library functions as ``cli.py``.
"""

from __future__ import annotations

from docgen.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
