"""``/api/v1/me/...``: the caller's own personal data, for a script or an app acting
for the person (the same domain functions as the "My data" page)."""

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tradefair.common.api_support import TokenAuth
from tradefair.people.domain.personal_data import erase_own_data, export_personal_data

router = Router(tags=["personal data"], auth=TokenAuth())


class ErasureIn(Schema):
    password: str = Field(..., max_length=4096, description="the account's password, asked again")


class ErasureOut(Schema):
    erased: bool
    participations: int = Field(..., description="participations anonymised")


@router.get(
    "me/personal-data",
    response=dict,
    summary="Everything the platform holds about the caller (tradefair-personal-data/1)",
)
def my_personal_data(request: HttpRequest):
    return export_personal_data(request.user)


@router.post(
    "me/erase",
    response=ErasureOut,
    summary="Erase the caller's personal data and close the account; 400 wrong_password changes nothing",
)
def erase_me(request: HttpRequest, payload: ErasureIn):
    participations = erase_own_data(request, password=payload.password)
    if hasattr(request, "session"):
        request.session.flush()
    return {"erased": True, "participations": participations}
