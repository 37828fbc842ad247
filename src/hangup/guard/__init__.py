"""The remote-access guard: notices remote-access tools starting or connecting, warns, can stop them.

Layout: ``catalog`` (which tools, from data), ``matcher`` (is this process one of them),
``facts``/``sockets``/``watcher`` (what runs and listens now, through psutil), ``alerts`` and
``channels`` (what to say and where), ``actions`` (suspend or end), ``allowlist`` and ``eventlog``
(local SQLite in the state dir), ``guard`` (the loop tying them together), ``service`` (run at login).
Nothing here runs at import time; psutil is imported only by the modules that need it.
"""
