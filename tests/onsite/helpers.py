"""Reading what the PDFs say: their text (pypdf) and their QR codes, rendered to an
image (pypdfium2) and decoded (zxing-cpp) as a scanner would."""

import io

import pypdf
import pypdfium2
import zxingcpp


def pdf_pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdf_qr_codes(data: bytes, *, scale: float = 3) -> list[str]:
    """The text of every QR code on every page, in page order."""
    document = pypdfium2.PdfDocument(data)
    found = []
    try:
        for page in document:
            image = page.render(scale=scale).to_pil()
            found.extend(result.text for result in zxingcpp.read_barcodes(image))
    finally:
        document.close()
    return found
