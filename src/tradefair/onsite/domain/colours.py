"""Role colours printed on badges, so gate staff see at a glance who may go where."""

from tradefair.people.models import Role

# In order of precedence: a buyer who also speaks wears the speaker's colour.
ROLE_COLOURS = [
    (Role.STAFF, "#222222"),
    (Role.MEDIA, "#6b6f76"),
    (Role.SPEAKER, "#d9822b"),
    (Role.EXHIBITOR, "#b3261e"),
    (Role.INVESTOR, "#1e7a46"),
    (Role.PROJECT_OWNER, "#2f8f83"),
    (Role.DELEGATION_MEMBER, "#6a3d9a"),
    (Role.BUYER, "#1f4e9c"),
    (Role.MERCHANT, "#1f6fb2"),
]
_PRECEDENCE = {role: index for index, (role, _colour) in enumerate(ROLE_COLOURS)}
COLOURS = dict(ROLE_COLOURS)


def main_role(roles: list[str]) -> str:
    known = [role for role in roles if role in _PRECEDENCE]
    return min(known, key=_PRECEDENCE.__getitem__) if known else Role.MERCHANT


def role_colour(role: str) -> str:
    return COLOURS.get(role, "#1f6fb2")
