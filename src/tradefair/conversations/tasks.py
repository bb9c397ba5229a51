"""Background work of conversations: the reminder of messages left unread."""

from celery import shared_task

from tradefair.conversations.domain.reminders import mail_unread_messages


@shared_task(name="conversations.mail_unread")
def mail_unread_task() -> int:
    return mail_unread_messages()
