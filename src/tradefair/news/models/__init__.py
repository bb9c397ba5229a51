from tradefair.news.models.announcement import Announcement, AnnouncementStatus

__all__ = ["Announcement", "AnnouncementStatus"]
