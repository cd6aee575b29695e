"""The names of a URL namespace's routes: each per-role permission matrix must cover all of them."""

from django.urls import URLPattern, URLResolver, get_resolver


def url_names(namespace: str) -> set[str]:
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name

    [resolver] = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == namespace]
    return set(walk(resolver.url_patterns))
