"""Minimal Django settings for the tests (Django needs them before a request is built)."""

from __future__ import annotations


def configure() -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="tests-only",
            ROOT_URLCONF="test_frameworks",
            ALLOWED_HOSTS=["testserver", "127.0.0.1"],
            MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
            INSTALLED_APPS=[],
        )
        django.setup()
