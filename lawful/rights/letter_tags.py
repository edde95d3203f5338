"""The only tags and filters a letter template may use.

Letters are written by each organisation's staff and rendered with the request's
details, so the engine they run in (lawful.rights.letters) knows nothing else: no
`load`, `include`, `extends`, `debug`, `url` or `csrf_token` (which could read files,
settings or other pages), no `autoescape off`, and no `safe`/`safeseq` (which would let
a requester's words through unescaped).
"""

from django.template import Library, defaultfilters, defaulttags

register = Library()

for name in ("if", "for", "with", "firstof", "comment", "cycle", "spaceless"):
    register.tag(name, defaulttags.register.tags[name])

UNSAFE_FILTERS = {"safe", "safeseq", "pprint", "force_escape", "escapejs", "json_script"}
for name, function in defaultfilters.register.filters.items():
    if name not in UNSAFE_FILTERS:
        register.filter(name, function)
