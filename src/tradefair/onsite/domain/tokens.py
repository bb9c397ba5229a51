"""The badge token carried by the QR code: the badge number signed with the site's
secret (django.core.signing). The number alone opens nothing; without the secret
nobody can make a token for another badge, and revoking the badge row kills its
token."""

from django.core import signing

BADGE_SALT = "tradefair.onsite.badge"
_signer = signing.Signer(salt=BADGE_SALT)


# Ten digits: every token has the same length, which badge QR codes rely on to print fast.
TOKEN_DIGITS = 10


def badge_token(badge_pk: int) -> str:
    return _signer.sign(f"{badge_pk:0{TOKEN_DIGITS}d}")


def badge_pk_from_token(token: str) -> int | None:
    """The badge number, or None when the token was not signed by this site."""
    try:
        value = _signer.unsign(token.strip())
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
