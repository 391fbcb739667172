"""``manage.py makefrontend``: TypeScript types and channel classes for a project's channels.

For each app with routed channels it writes ``<frontend_dir>/<app>/<app>.interfaces.d.ts``
(an interface per serializer) and ``<frontend_dir>/<app>/<app>.channels.ts`` (a class per
channel, extending ``ContextChannel`` of ``@djwire/client``). See docs/sync.md, "Typed front
ends".
"""
