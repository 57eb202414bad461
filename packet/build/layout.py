"""Page geometry: every packet page is US Letter portrait with a footer band for the stamp.

Record pages are drawn into the area above the band: rotated to portrait when they are landscape (top of
the page to the left, as bound documents do), scaled down to fit (never up), centered. Transforms are PDF
matrices ``(a, b, c, d, e, f)``: a point ``(x, y)`` goes to ``(a x + c y + e, b x + d y + f)``.
"""

from __future__ import annotations

PAGE_W, PAGE_H = 612.0, 792.0  # US Letter, points
FOOTER = 30.0  # the band at the bottom of every page that only the stamp uses
SIDE = 36.0  # left/right margin of the stamp text
CONTENT = (0.0, FOOTER, PAGE_W, PAGE_H)  # x0, y0, x1, y1 of where record pages go

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def then(m1: Matrix, m2: Matrix) -> Matrix:
    """The matrix that applies ``m1`` first, then ``m2`` (PDF's ``m1 x m2``)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _turn(rotate: int, w: float, h: float) -> tuple[Matrix, float, float]:
    """Matrix that shows a w x h box (at the origin) turned clockwise by ``rotate``; the new size."""
    rotate %= 360
    if rotate == 90:
        return (0.0, -1.0, 1.0, 0.0, 0.0, w), h, w
    if rotate == 180:
        return (-1.0, 0.0, 0.0, -1.0, w, h), w, h
    if rotate == 270:
        return (0.0, 1.0, -1.0, 0.0, h, 0.0), h, w
    return IDENTITY, w, h


def fit_matrix(
    box: tuple[float, float, float, float], rotate: int = 0, area: tuple[float, float, float, float] = CONTENT
) -> tuple[Matrix, bool, float]:
    """Where a page with crop ``box`` and ``/Rotate`` goes in ``area``.

    Returns (matrix, whether it was turned to portrait, scale).
    """
    x0, y0, x1, y1 = box
    w, h = abs(x1 - x0), abs(y1 - y0)
    m: Matrix = (1.0, 0.0, 0.0, 1.0, -min(x0, x1), -min(y0, y1))
    turn, w, h = _turn(round(rotate / 90) * 90, w, h)
    m = then(m, turn)
    landscape = w > h
    if landscape:  # counter-clockwise: the page's top ends up on the left
        turn, w, h = _turn(270, w, h)
        m = then(m, turn)
    ax0, ay0, ax1, ay1 = area
    aw, ah = ax1 - ax0, ay1 - ay0
    s = min(1.0, aw / w if w else 1.0, ah / h if h else 1.0)
    dx = ax0 + (aw - s * w) / 2
    dy = ay0 + (ah - s * h) / 2
    return then(m, (s, 0.0, 0.0, s, dx, dy)), landscape, s


def cm(m: Matrix) -> str:
    """The matrix as a content-stream operator."""
    return " ".join(_num(v) for v in m) + " cm"


def _num(v: float) -> str:
    if abs(v - round(v)) < 1e-9:
        return str(round(v))
    return f"{v:.5f}".rstrip("0").rstrip(".")
