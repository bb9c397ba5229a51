import re
import secrets

import pytest
from django.template import Context, Template

from tests.factories import ExpoFactory, UserFactory
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.news.domain.announcements import related_announcements, write_announcement
from tradefair.news.domain.reading import reading_minutes
from tradefair.news.models import Announcement

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _auth(user) -> dict:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea")


@pytest.fixture
def organiser(expo):
    user = UserFactory()
    expo.organisers.add(user)
    return user


def test_reading_time_counts_words_or_cjk_characters():
    assert reading_minutes("word " * 460) == 2
    assert reading_minutes("字" * 800) == 2
    assert reading_minutes("展" * 801) == 3
    assert reading_minutes("한국어 " * 460) == 2  # Korean is written with spaces: words
    assert reading_minutes("") == 1


def test_related_announcements_are_the_most_similar_in_content(expo, organiser):
    def write(title, body):
        return write_announcement(expo, by=organiser, title=title, body=body, publish=True)

    signing = write({"zh-hans": "签约仪式"}, {"zh-hans": "中日韩企业签约仪式在长春举行，签约项目九十三个。"})
    more_signing = write({"zh-hans": "第二场签约仪式"}, {"zh-hans": "签约仪式继续举行，企业签约项目增加。"})
    weather = write({"en": "Weather"}, {"en": "Rain is expected in Changchun on Saturday afternoon."})
    write({"ru": "Визы"}, {"ru": "Визовая поддержка для делегаций из России и Монголии."})
    draft = write_announcement(
        expo, by=organiser, title={"zh-hans": "签约"}, body={"zh-hans": "签约仪式签约"}
    )

    related = related_announcements(signing)

    assert related[0] == more_signing
    assert draft not in related and signing not in related
    assert len(related) <= 3
    assert signing not in related_announcements(weather)[:1]


def test_published_news_appear_on_the_home_block_with_reading_time(expo, organiser):
    write_announcement(
        expo, by=organiser, title={"en": "Opening ceremony"}, body={"en": "It starts at nine."}, publish=True
    )
    write_announcement(expo, by=organiser, title={"en": "Secret draft"}, body={"en": "Not yet."})

    html = Template("{% load news %}{% news_block expo %}").render(Context({"expo": expo}))

    assert "Opening ceremony" in html and "1 min read" in html
    assert "Secret draft" not in html


def test_the_news_pages_show_published_announcements_only_to_visitors(client, expo, organiser):
    shown = write_announcement(
        expo, by=organiser, title={"en": "Opening"}, body={"en": "Nine in the morning."}, publish=True
    )
    hidden = write_announcement(expo, by=organiser, title={"en": "Draft"}, body={"en": "Later."})

    assert "Opening" in _text(client.get("/expos/cnea/news/"))
    assert "Draft" not in _text(client.get("/expos/cnea/news/"))
    assert "Nine in the morning." in _text(client.get(f"/expos/cnea/news/{shown.pk}/"))
    assert client.get(f"/expos/cnea/news/{hidden.pk}/").status_code == 404
    client.force_login(organiser)
    assert "Draft" in _text(client.get("/expos/cnea/news/"))


def test_an_organiser_writes_an_announcement_in_several_languages_on_the_page(client, expo, organiser):
    client.force_login(organiser)
    response = client.post(
        "/expos/cnea/news/new/",
        {
            "title_0": "开幕",
            "title_1": "Opening",
            "body_0": "九点开始。",
            "body_1": "At nine.",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.title.data == {"zh-hans": "开幕", "en": "Opening"}
    assert announcement.published_at is not None


def test_only_organisers_write_announcements(client, expo):
    client.force_login(UserFactory())
    assert client.get("/expos/cnea/news/new/").status_code == 403
    response = client.post(
        "/api/v1/expos/cnea/news",
        {"title": {"en": "X"}, "body": {"en": "Y"}},
        content_type="application/json",
        **_auth(UserFactory()),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the organisers write announcements."


def test_the_api_writes_publishes_and_lists_news_with_related(client, expo, organiser):
    headers = _auth(organiser)
    first = client.post(
        "/api/v1/expos/cnea/news",
        {"title": {"en": "Matchmaking opens"}, "body": {"en": "Buyers and exhibitors meet on day two."}},
        content_type="application/json",
        **headers,
    ).json()
    assert first["status"] == "draft" and first["published_at"] is None
    assert client.get("/api/v1/expos/cnea/news").json()["count"] == 0

    client.patch(
        f"/api/v1/expos/cnea/news/{first['id']}",
        {"publish": True},
        content_type="application/json",
        **headers,
    )
    second = client.post(
        "/api/v1/expos/cnea/news",
        {
            "title": {"en": "Matchmaking schedule"},
            "body": {"en": "Buyers and exhibitors meet on day two and three."},
            "publish": True,
        },
        content_type="application/json",
        **headers,
    ).json()

    body = client.get("/api/v1/expos/cnea/news").json()
    assert [item["id"] for item in body["results"]] == [second["id"], first["id"]]
    detail = client.get(f"/api/v1/expos/cnea/news/{first['id']}").json()
    assert detail["reading_minutes"] == 1
    assert detail["related"] == [{"id": second["id"], "title": "Matchmaking schedule"}]


def test_an_announcement_needs_a_title_in_some_language(client, expo, organiser):
    response = client.post(
        "/api/v1/expos/cnea/news",
        {"title": {"en": " "}, "body": {"en": "Y"}},
        content_type="application/json",
        **_auth(organiser),
    )
    assert (
        response.status_code == 400
        and response.json()["detail"] == "Title: give it in at least one language."
    )


def test_demo_announcements_are_added_once(expo):
    from tradefair.demo.news import DEMO_NEWS, add_demo_announcements

    assert add_demo_announcements(expo) == len(DEMO_NEWS)
    assert add_demo_announcements(expo) == 0
    assert Announcement.objects.filter(expo=expo, status="published").count() == len(DEMO_NEWS)
