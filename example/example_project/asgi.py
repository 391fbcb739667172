"""ASGI entry point: HTTP through Django, the djwire WebSocket at /djwire/ws/.

Serve with `uvicorn example_project.asgi:application` from the example/ directory.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")

# Imported after DJANGO_SETTINGS_MODULE is set: djwire.routing sets Django up.
from djwire.routing import get_asgi_application

application = get_asgi_application()
