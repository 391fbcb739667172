"""The liveblog's React app (example/frontend/, built by Vite into its dist/), served by Django
at ``/blog-react/<id>/``: the page and its socket share the origin, so the channel joins with
the session cookie and needs no token. Any path but an asset's is the app's index.html, which
reads the post's id from the address."""

from pathlib import Path

from django.http import HttpResponse
from django.views.static import serve

# Where `npm run build:example` (in client-ts/) writes the app; not committed.
BUILD_DIR = Path(__file__).resolve().parents[1] / "frontend" / "dist"

NOT_BUILT = """<!doctype html>
<title>liveblog React app: not built</title>
<h1>The liveblog's React app is not built</h1>
<p>Django serves it from <code>{build}</code>, which has no <code>index.html</code>. Build it with
<code>./scripts/demo</code> (which builds it before serving), or by hand:</p>
<pre>cd client-ts &amp;&amp; npm ci &amp;&amp; npm run build:example</pre>
"""


def react_app(request, path=""):
    """The built app: ``assets/...`` as files, anything else as the app's index.html."""
    if path.startswith("assets/"):
        return serve(request, path, document_root=BUILD_DIR)
    index = BUILD_DIR / "index.html"
    if not index.is_file():
        return HttpResponse(NOT_BUILT.format(build=BUILD_DIR), status=503)
    return HttpResponse(index.read_bytes(), content_type="text/html; charset=utf-8")
