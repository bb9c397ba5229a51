from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render

from tradefair.catalog.domain.exhibitor_list import exhibitor_list
from tradefair.common.errors import DomainError
from tradefair.common.regions import country_name
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.people.models import Organisation

PAGE_SIZE = 50


def exhibitor_list_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    country = request.GET.get("country", "")
    pavilion = request.GET.get("pavilion", "")
    status = 200
    try:
        exhibitors = exhibitor_list(expo, country=country, pavilion=pavilion)
    except DomainError as error:
        messages.error(request, error.message)
        exhibitors = exhibitor_list(expo)
        country, pavilion, status = "", "", 400
    page = Paginator(exhibitors, PAGE_SIZE).get_page(request.GET.get("page"))
    codes = (
        Organisation.objects.filter(exhibitions__expo=expo)
        .values_list("country", flat=True)
        .distinct()
        .order_by()
    )
    countries = sorted(((code, country_name(code)) for code in codes), key=lambda item: item[1])
    return render(
        request,
        "catalog/exhibitor_list.html",
        {
            "expo": expo,
            "page": page,
            "countries": countries,
            "pavilions": expo.pavilions.order_by("position", "id"),
            "selected_country": country.upper(),
            "selected_pavilion": str(pavilion),
        },
        status=status,
    )
