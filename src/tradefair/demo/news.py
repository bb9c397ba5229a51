"""Announcements for the demo edition, in the expo's languages, so that the home page,
the news pages and the related-news suggestions have something to show."""

import datetime as dt

from django.db import transaction

from tradefair.expos.models import Expo
from tradefair.news.models import Announcement, AnnouncementStatus

DEMO_NEWS = [
    (
        {
            "zh-hans": "第十二届中国—东北亚博览会在长春开幕",
            "en": "The 12th China-Northeast Asia Expo opens in Changchun",
            "ja": "第12回中国・北東アジア博覧会が長春で開幕",
            "ko": "제12회 중국-동북아 박람회 창춘에서 개막",
            "ru": "В Чанчуне открылось 12-е ЭКСПО «Китай — Северо-Восточная Азия»",
            "mn": "Чанчунь хотноо Хятад — Зүүн хойд Азийн 12 дахь экспо нээгдлээ",
        },
        {
            "zh-hans": "来自109个国家和地区的三万名客商齐聚长春，1337家企业和机构参展。展会设有5G新时代馆等主题展馆。",
            "en": "Some 30,000 merchants from 109 countries and regions came to Changchun, where 1,337 "
            "enterprises and institutions exhibit in themed pavilions such as the Pavilion of the 5G New Era.",
            "ru": "Около 30 000 предпринимателей из 109 стран и регионов приехали в Чанчунь; "
            "1337 предприятий и организаций представлены в тематических павильонах.",
        },
        0,
    ),
    (
        {
            "zh-hans": "中日韩工商界领袖峰会日程公布",
            "en": "Programme of the China-Japan-ROK Entrepreneurs Summit announced",
            "ja": "日中韓ビジネスリーダーズサミットのプログラム発表",
            "ko": "한중일 기업인 정상회의 일정 발표",
            "ru": "Объявлена программа саммита предпринимателей Китая, Японии и Республики Корея",
        },
        {
            "zh-hans": "峰会将讨论区域供应链合作、数字经济与5G。会议提供中文、英文、日文、韩文和俄文同声传译，请提前报名。",
            "en": "The summit discusses regional supply-chain cooperation, the digital economy and 5G. "
            "Simultaneous interpretation is offered in Chinese, English, Japanese, Korean and Russian; "
            "sign up in advance, seats are limited.",
            "ja": "サミットでは地域サプライチェーン協力、デジタル経済と5Gを議論します。同時通訳あり、事前登録が必要です。",
        },
        -2,
    ),
    (
        {
            "zh-hans": "东北亚产业与企业合作论坛报名开启",
            "en": "Registration opens for the Northeast Asia Forum on cooperation between industries",
            "ru": "Открыта регистрация на Форум промышленного и делового сотрудничества",
        },
        {
            "zh-hans": "论坛聚焦能源与资源合作、装备制造与产能合作。座位有限，额满后进入候补名单，按报名顺序递补。",
            "en": "The forum covers energy and resources cooperation and equipment manufacturing. "
            "Seats are limited; once full, sign-ups join a waiting list served in order.",
            "ru": "Форум посвящён сотрудничеству в энергетике и машиностроении. Число мест ограничено.",
        },
        -3,
    ),
    (
        {
            "zh-hans": "洽谈对接活动安排",
            "en": "Business matchmaking: how meetings are scheduled",
            "ko": "비즈니스 매칭 상담 일정 안내",
        },
        {
            "zh-hans": "采购商与参展商可在线提交洽谈请求，系统按时段安排洽谈桌，洽谈日程可导入日历。",
            "en": "Buyers and exhibitors send meeting requests online; meetings are scheduled at tables "
            "in time slots, and each agenda can be added to a calendar.",
            "ko": "바이어와 출품기업은 온라인으로 상담을 신청하고, 상담 일정은 캘린더로 받을 수 있습니다.",
        },
        -5,
    ),
    (
        {
            "zh-hans": "签约仪式：93个合同项目落地吉林",
            "en": "Signing ceremony: 93 contracted projects for Jilin",
            "ja": "調印式：吉林省で93件の契約プロジェクト",
            "ru": "Церемония подписания: 93 контрактных проекта для провинции Цзилинь",
        },
        {
            "zh-hans": "闭幕前举行集中签约仪式，贸易成交额7.2867亿元，签约项目93个。",
            "en": "At the closing signing ceremony, trade volume reached 728.67 million yuan with 93 contracted projects.",
            "ru": "На церемонии подписания объём торговли составил 728,67 млн юаней, подписано 93 проекта.",
        },
        4,
    ),
]


def add_demo_announcements(expo: Expo) -> int:
    """Idempotent: an expo with announcements already is left alone. Returns how many were made."""
    if Announcement.objects.filter(expo=expo).exists():
        return 0
    opening = dt.datetime.combine(expo.starts, dt.time(9, 0), tzinfo=expo.tz)
    with transaction.atomic():
        Announcement.objects.bulk_create(
            [
                Announcement(
                    expo=expo,
                    title=title,
                    body=body,
                    status=AnnouncementStatus.PUBLISHED,
                    published_at=opening + dt.timedelta(days=offset),
                )
                for title, body, offset in DEMO_NEWS
            ]
        )
    return len(DEMO_NEWS)
