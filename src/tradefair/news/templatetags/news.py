from django import template

from tradefair.news.domain.announcements import published, reading_time

register = template.Library()


@register.inclusion_tag("news/home_block.html")
def news_block(expo, count: int = 3):
    """The latest published announcements, for the expo's home page: ``{% news_block expo %}``."""
    items = [(item, reading_time(item, expo.languages)) for item in published(expo)[:count]]
    return {"expo": expo, "items": items}
