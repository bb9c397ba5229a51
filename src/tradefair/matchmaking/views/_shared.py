"""What every matchmaking page shares: finding who asks, paging, and turning a refused
action into a message."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from tradefair.common.errors import DomainError
from tradefair.matchmaking.domain.access import (
    require_organiser,
    require_participant,
)
from tradefair.matchmaking.domain.errors import MatchmakingForbidden

PAGE_SIZE = 25


logger = logging.getLogger(__name__)


def _participant(request, expo):
    try:
        return require_participant(request.user, expo)
    except MatchmakingForbidden as error:
        raise PermissionDenied(error.message) from None


def _organiser(request, expo, *, check=require_organiser):
    """Any organiser reads the organisers' side; ``check=require_admin`` for changes."""
    try:
        check(request.user, expo)
    except MatchmakingForbidden as error:
        raise PermissionDenied(error.message) from None


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _next(request, fallback: str) -> str:
    """The page to return to, only if it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _done(request, url, action, success: str):
    """Run a domain action; a refusal becomes a message on the page it came from."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(url)
