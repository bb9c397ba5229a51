"""QR codes drawn as vector rectangles straight onto a reportlab canvas: sharp at any
printer resolution and much faster than embedding an image per badge."""

import segno


def make_qr(data: str) -> segno.QRCode:
    """Mask pattern 0 is fixed: choosing the best of eight masks costs four fifths of
    the encoding time, and every scanner reads any mask; error level M survives a
    scratched or creased badge."""
    return segno.make_qr(data, error="m", mask=0, boost_error=False)


def draw_qr(canvas, data: str, *, x: float, y: float, size: float) -> None:
    """Draw the code with its lower left corner at (x, y), ``size`` points wide,
    including the four-module quiet zone scanners need."""
    code = make_qr(data)
    rows = list(code.matrix_iter(border=4))
    module = size / len(rows)
    path = canvas.beginPath()
    top = y + size
    for row_index, row in enumerate(rows):
        run_start = None
        for column, dark in enumerate((*row, 0)):
            if dark and run_start is None:
                run_start = column
            elif not dark and run_start is not None:
                path.rect(
                    x + run_start * module,
                    top - (row_index + 1) * module,
                    (column - run_start) * module,
                    module,
                )
                run_start = None
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
