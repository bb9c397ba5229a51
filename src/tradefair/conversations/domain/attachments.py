"""Attachments: PDF and images only, checked by what the bytes are, not by what the
sender's browser claims, so that no HTML or script slips in as a "picture"."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tradefair.conversations.domain.errors import ConversationError

MAX_SIZE = 5 * 1024 * 1024
MAX_PER_MESSAGE = 3
# The types a message may carry, by their first bytes. SVG is left out: it may hold script.
SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
UNSAFE_NAME = re.compile(r"[^\w.\- ()]+", re.UNICODE)


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    data: bytes


def sniff(data: bytes) -> str | None:
    for content_type, starts in SIGNATURES.items():
        if data.startswith(starts):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def safe_name(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "")
    cleaned = UNSAFE_NAME.sub("_", base).strip(" .")[:200]
    return cleaned or "file"


def check_uploads(uploads: list[Upload]) -> list[Upload]:
    """The uploads, each with the type its bytes show and a harmless file name; a
    clear refusal for anything else, before anything is written."""
    if len(uploads) > MAX_PER_MESSAGE:
        raise ConversationError(
            "attachment_count",
            _("A message carries at most %(most)s attachments.") % {"most": MAX_PER_MESSAGE},
        )
    checked = []
    for upload in uploads:
        name = safe_name(upload.name)
        if len(upload.data) > MAX_SIZE:
            raise ConversationError(
                "attachment_size",
                _("“%(name)s” is larger than %(most)s MB.")
                % {"name": name, "most": MAX_SIZE // (1024 * 1024)},
            )
        found = sniff(upload.data)
        declared = (upload.content_type or "").split(";")[0].strip().lower()
        if found is None or (declared and declared not in ("application/octet-stream", found)):
            raise ConversationError(
                "attachment_type",
                _("“%(name)s” is not a PDF or an image (PNG, JPEG, GIF, WebP).") % {"name": name},
            )
        checked.append(Upload(name=name, content_type=found, data=upload.data))
    return checked
