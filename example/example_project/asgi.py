"""ASGI entry point: HTTP through Django, the djwire WebSocket at /djwire/ws/.

Serve with `uvicorn example_project.asgi:application` from the example/ directory.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")

# Imported after DJANGO_SETTINGS_MODULE is set: djwire.routing sets Django up.
from djwire.routing import get_asgi_application

# liveblog.routing: the post's channel on a route of its own too, for RxDjango-style clients
# and for makefrontend (which types a channel's kwargs from its route).
application = get_asgi_application(websocket_urlconf="liveblog.routing")
