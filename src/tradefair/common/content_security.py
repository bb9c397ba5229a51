"""The Content-Security-Policy header on every response (issue #19).

The pages load their scripts and styles from the site's own static files only, and no
template carries an inline script, event handler or style attribute, so the policy can
forbid them: a piece of markup that slipped past escaping then runs nothing. Django 5.2
has no CSP of its own and django-csp is not a dependency; one header needs no more than
this middleware."""

import base64
import hashlib

from django.conf import settings

# The 500 page is rendered when anything else may be broken, so it carries its few
# style rules inline instead of linking the site's stylesheet; the policy allows exactly
# that block by its hash (tests/security/test_headers.py keeps the two in step).
ERROR_PAGE_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2430}"
)


def style_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", style_hash(ERROR_PAGE_STYLE)],
    # data: for the icons that stylesheets inline (the API's documentation page). The
    # check-in camera's stream is a MediaStream object, which no directive governs.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def policy(directives: dict[str, list[str]] | None = None) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in (directives or DIRECTIVES).items())


class ContentSecurityPolicyMiddleware:
    """Adds ``settings.CONTENT_SECURITY_POLICY`` unless a view set its own; with
    ``TRADEFAIR_CSP_REPORT_ONLY`` the browser reports violations instead of blocking
    (for trying a change of the policy on a running site)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
            else "Content-Security-Policy"
        )
        if settings.CONTENT_SECURITY_POLICY and header not in response:
            response[header] = settings.CONTENT_SECURITY_POLICY
        return response
