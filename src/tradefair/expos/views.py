from django.shortcuts import redirect, render

from tradefair.expos.domain.figures import public_expo_figures
from tradefair.expos.domain.visibility import get_visible_expo, visible_expos


def expo_list(request):
    expos = list(visible_expos(request.user))
    if len(expos) == 1:
        return redirect("expos:home", slug=expos[0].slug)
    return render(request, "expos/expo_list.html", {"expos": expos})


def expo_home(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    pavilions = expo.pavilions.order_by("position", "id")
    return render(
        request,
        "expos/expo_home.html",
        {
            "expo": expo,
            "figures": public_expo_figures(expo),
            "pavilions": pavilions,
            "events": expo.events.all()[:6],
        },
    )
