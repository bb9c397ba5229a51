from tradefair.onsite.models.badges import Badge, BadgeFormat, CheckIn

__all__ = ["Badge", "BadgeFormat", "CheckIn"]
