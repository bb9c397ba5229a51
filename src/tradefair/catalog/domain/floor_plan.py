"""A hall's floor plan: its booths as rectangles in metres, coloured by pavilion, each
with the exhibitor standing in it. Two queries per hall whatever the number of booths."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from tradefair.catalog.domain.booth_labels import label
from tradefair.catalog.models import BoothAssignment
from tradefair.common.errors import NotFound
from tradefair.common.i18n import localize
from tradefair.expos.models import Booth, Expo, Hall

FREE_COLOUR = "#d9dde3"


@dataclass(frozen=True)
class BoothShape:
    id: int
    code: str
    x: str  # SVG wants a dot as the decimal mark whatever the language, so the view gets strings
    y: str
    width: str
    depth: str
    colour: str
    pavilion: str
    exhibitor_id: int | None
    exhibitor: str
    area_m2: str
    highlighted: bool
    status: str
    label_size: str
    label_code: str
    # the label's lines under the code, each with where it stands (metres, as strings)
    label_x: str
    label_code_y: str
    label_lines: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FloorPlan:
    hall: Hall
    halls: list[Hall]
    width: str
    depth: str
    booths: list[BoothShape]
    pavilions: list[tuple[str, str]]  # (name, colour) in the order they appear


def _metres(value) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def floor_plan(expo: Expo, *, hall_code: str = "", highlight_booth: int | None = None) -> FloorPlan:
    halls = list(Hall.objects.filter(expo=expo).order_by("code"))
    if not halls:
        raise NotFound("no_halls", _("No hall has been laid out for this expo yet."))
    if highlight_booth and not hall_code:
        hall_code = (
            Booth.objects.filter(pk=highlight_booth, hall__expo=expo)
            .values_list("hall__code", flat=True)
            .first()
            or ""
        )
    hall = next((h for h in halls if h.code == hall_code), None) if hall_code else halls[0]
    if hall is None:
        raise NotFound("unknown_hall", _("This expo has no hall %(code)s.") % {"code": hall_code})
    booths = list(Booth.objects.filter(hall=hall).select_related("pavilion").order_by("code"))
    owners = {
        assignment.booth_id: assignment.exhibitor
        for assignment in BoothAssignment.objects.filter(booth__hall=hall).select_related(
            "exhibitor__organisation"
        )
    }
    shapes, legend = [], {}
    for booth in booths:
        exhibitor = owners.get(booth.pk)
        name = localize(exhibitor.organisation.name, expo.languages) if exhibitor else ""
        text = label(booth.code, name, width=float(booth.width_m), depth=float(booth.depth_m))
        step = text.size * 1.2
        top = float(booth.y_m) + min(float(booth.width_m), float(booth.depth_m)) * 0.08
        pavilion = localize(booth.pavilion.name, expo.languages) if booth.pavilion else ""
        colour = booth.pavilion.colour if booth.pavilion else FREE_COLOUR
        if pavilion:
            legend.setdefault(pavilion, colour)
        shapes.append(
            BoothShape(
                id=booth.pk,
                code=booth.code,
                x=_metres(booth.x_m),
                y=_metres(booth.y_m),
                width=_metres(booth.width_m),
                depth=_metres(booth.depth_m),
                colour=colour,
                pavilion=pavilion,
                exhibitor_id=exhibitor.pk if exhibitor else None,
                exhibitor=name,
                area_m2=_metres(booth.area_m2),
                highlighted=booth.pk == highlight_booth,
                status=booth.status,
                label_size=_metres(text.size),
                label_code=text.code,
                label_x=_metres(float(booth.x_m) + min(float(booth.width_m), float(booth.depth_m)) * 0.08),
                label_code_y=_metres(top + step),
                label_lines=tuple((line, _metres(top + step * (n + 2))) for n, line in enumerate(text.lines)),
            )
        )
    # SVG paints in document order: the highlighted booth goes last so its outline is on top.
    shapes.sort(key=lambda shape: shape.highlighted)
    return FloorPlan(
        hall=hall,
        halls=halls,
        width=_metres(hall.width_m),
        depth=_metres(hall.depth_m),
        booths=shapes,
        pavilions=list(legend.items()),
    )
