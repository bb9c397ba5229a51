"""QR codes drawn as vector rectangles straight onto a reportlab canvas: sharp at any
printer resolution and much faster than embedding an image per badge.

Badge tokens all have the same length, and a QR code of fixed version, error level and
mask is an affine function of its content bits over GF(2): the bit stream, the
Reed-Solomon codewords (linear over GF(256), hence over GF(2)), their placement and the
mask (an XOR) are all linear or constant. ``FixedLengthQR`` asks segno for the code of
the all-zero content and of each single-bit content once, then builds any code with
the XOR of the codes of its set bits; tests check it equals segno's own output module for module. This
makes 30,000 badges print in well under two minutes, where encoding each with segno
takes a millisecond or more."""

import functools

import numpy as np
import segno

ERROR = "m"
MASK = 0
QUIET_ZONE = 4


def make_qr(data: str | bytes, *, version: int | None = None) -> segno.QRCode:
    """Mask pattern 0 is fixed: choosing the best of eight masks costs four fifths of the
    encoding time, and every scanner reads any mask; error level M survives a scratched
    or creased badge."""
    mode = "byte" if isinstance(data, bytes) else None
    return segno.make_qr(data, error=ERROR, mask=MASK, boost_error=False, version=version, mode=mode)


def _modules(code: segno.QRCode) -> np.ndarray:
    return np.array([list(row) for row in code.matrix_iter(border=0)], dtype=bool)


class FixedLengthQR:
    """QR codes of byte strings of one length, built by linear algebra from segno's."""

    def __init__(self, length: int):
        zero = make_qr(bytes(length))
        self.version = zero.version
        self.base = _modules(zero)
        self.size = self.base.shape[0]
        flat = self.base.ravel()
        basis = np.empty((length * 8, flat.size), dtype=bool)
        for bit in range(length * 8):
            content = bytearray(length)
            content[bit // 8] = 0x80 >> (bit % 8)
            basis[bit] = _modules(make_qr(bytes(content), version=self.version)).ravel() ^ flat
        # Bits packed eight to a byte: a code is the XOR of the rows of its set bits.
        self.basis = np.packbits(basis, axis=1)
        self.packed_base = np.packbits(flat)
        self.length = length

    def modules(self, data: bytes) -> np.ndarray:
        """The dark modules (True) of the code for ``data``, without quiet zone."""
        if len(data) != self.length:
            raise ValueError(f"expected {self.length} bytes, got {len(data)}")
        bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8)).astype(bool)
        packed = np.bitwise_xor.reduce(self.basis[bits], axis=0) ^ self.packed_base
        return np.unpackbits(packed, count=self.size * self.size).astype(bool).reshape(self.size, self.size)


@functools.cache
def fixed_length_qr(length: int) -> FixedLengthQR:
    return FixedLengthQR(length)


def draw_modules(canvas, modules: np.ndarray, *, x: float, y: float, size: float) -> None:
    """Draw dark modules with the lower left corner of the quiet zone at (x, y), the
    whole ``size`` points wide. Runs of dark modules in a row become one rectangle, in
    module units under a transform, so the page stream stays small."""
    count = modules.shape[0]
    module = size / (count + 2 * QUIET_ZONE)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    # Row 0 at the top: flip the y axis and count in modules.
    canvas.transform(module, 0, 0, -module, x + QUIET_ZONE * module, y + size - QUIET_ZONE * module)
    padded = np.zeros((count, count + 2), dtype=np.int8)
    padded[:, 1:-1] = modules
    edges = np.diff(padded, axis=1)
    # Row-major order pairs each run's start with its end.
    rows, starts = np.nonzero(edges == 1)
    _rows, ends = np.nonzero(edges == -1)
    path = canvas.beginPath()
    # Integers in module units need none of reportlab's float formatting, which would
    # otherwise be the slowest part of a badge; the path operator is "x y w h re".
    path._code.extend(
        f"{start} {row} {width} 1 re"
        for row, start, width in zip(rows.tolist(), starts.tolist(), (ends - starts).tolist(), strict=True)
    )
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def draw_qr(canvas, data: str, *, x: float, y: float, size: float) -> None:
    """Any text, encoded by segno."""
    draw_modules(canvas, _modules(make_qr(data)), x=x, y=y, size=size)


def draw_token_qr(canvas, token: str, *, x: float, y: float, size: float) -> None:
    """A badge token: all have the same length, so the fast path applies."""
    data = token.encode("ascii")
    draw_modules(canvas, fixed_length_qr(len(data)).modules(data), x=x, y=y, size=size)
