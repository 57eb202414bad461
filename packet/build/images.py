"""Image records (PNG, JPEG, multi-page TIFF) as PDF image objects, one frame at a time.

Lossless where it can be: a JPEG's bytes go into the PDF as they are (DCTDecode), so do a fax TIFF's
Group 4 data (CCITTFaxDecode) and a plain PNG's compressed data (FlateDecode with the PNG predictor);
other frames are decoded once and Flate-compressed (1-bit scans stay 1-bit). Each frame's size in points
comes from its DPI (96 when the file does not say), so a scan is placed at its real size when it fits.
"""

from __future__ import annotations

import struct
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packet import limits
from packet.exceptions import BadRecordError, InputTooLargeError

DEFAULT_DPI = 96.0
_EXIF_ROTATE = {3: 180, 6: 90, 8: 270}  # EXIF orientation -> clockwise /Rotate


@dataclass
class Frame:
    width: int  # pixels
    height: int
    dpi: tuple[float, float]
    dict: dict[str, Any]  # the image XObject's entries (besides Type/Subtype/Width/Height/Length)
    data: bytes  # the encoded stream
    rotate: int = 0  # clockwise, to show it upright

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width * 72.0 / self.dpi[0], self.height * 72.0 / self.dpi[1]


def _dpi(info: Any) -> tuple[float, float]:
    dpi = info.get("dpi")
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return DEFAULT_DPI, DEFAULT_DPI
    if not (10 <= x <= 5000 and 10 <= y <= 5000):
        return DEFAULT_DPI, DEFAULT_DPI
    return x, y


def count_frames(path: Path) -> int:
    with _open(path) as im:
        n = int(getattr(im, "n_frames", 1))
    limits.check_page_count(path, n)
    return n


def _open(path: Path) -> Any:
    """Open (headers only) and check the size against ``limits.MAX_IMAGE_PIXELS``, per call: Pillow's own
    limit is a process-wide setting, left as it is; its warning is silenced since this check is stricter."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
    except (UnidentifiedImageError, OSError) as e:
        raise BadRecordError(
            path,
            f"the image cannot be read ({e.__class__.__name__})",
            "open it and save it again as PNG, JPEG or PDF",
        ) from e
    except Image.DecompressionBombError as e:
        raise InputTooLargeError(
            path,
            f"the image is over the limit of {limits.MAX_IMAGE_PIXELS // 1_000_000} megapixels",
            "scan or export it again at 300 dpi or less",
        ) from e
    try:
        limits.check_image_size(path, *im.size)
    except BaseException:
        im.close()
        raise
    return im


def frames(path: Path) -> Iterator[Frame]:
    """The image's frames (pages), each encoded for PDF; only one frame is decoded at a time."""
    from PIL import ImageSequence

    with _open(path) as im:
        if im.format == "JPEG":
            frame = _jpeg_passthrough(path, im)
            if frame is not None:
                yield frame
                return
        if im.format == "PNG" and not getattr(im, "is_animated", False):
            frame = _png_passthrough(path, im)
            if frame is not None:
                yield frame
                return
        try:
            for page in ImageSequence.Iterator(im):
                limits.check_image_size(path, *page.size)
                g4 = _g4_passthrough(path, page) if im.format == "TIFF" else None
                yield g4 or _decoded(page, _dpi(page.info))
        except (OSError, ValueError, EOFError) as e:
            raise BadRecordError(path, f"the image is damaged ({e})", "scan or export it again") from e


def _jpeg_passthrough(path: Path, im: Any) -> Frame | None:
    if im.mode not in ("L", "RGB"):
        return None  # CMYK/YCCK JPEGs: decoded, so that every viewer shows the right colours
    orientation = im.getexif().get(0x0112, 1)
    if orientation not in (1, 3, 6, 8):
        return None  # mirrored: decode and transpose
    cs = "/DeviceGray" if im.mode == "L" else "/DeviceRGB"
    data = path.read_bytes()
    entries = {"/ColorSpace": cs, "/BitsPerComponent": 8, "/Filter": "/DCTDecode"}
    return Frame(im.width, im.height, _dpi(im.info), entries, data, _EXIF_ROTATE.get(orientation, 0))


def _png_passthrough(path: Path, im: Any) -> Frame | None:
    """A non-interlaced gray/RGB PNG without alpha: its IDAT data is already valid PDF Flate data."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, idat, ihdr = 8, [], None
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", chunk)
        elif ctype == b"IDAT":
            idat.append(chunk)
        elif ctype in (b"tRNS", b"PLTE"):
            return None  # transparency or palette: decode instead
        elif ctype == b"IEND":
            break
        pos += 12 + length
    if ihdr is None or not idat:
        return None
    w, h, depth, colour, _, _, interlace = ihdr
    if interlace or colour not in (0, 2) or depth != 8:
        return None
    colors = 1 if colour == 0 else 3
    entries = {
        "/ColorSpace": "/DeviceGray" if colors == 1 else "/DeviceRGB",
        "/BitsPerComponent": 8,
        "/Filter": "/FlateDecode",
        "/DecodeParms": {"/Predictor": 15, "/Colors": colors, "/BitsPerComponent": 8, "/Columns": w},
    }
    return Frame(w, h, _dpi(im.info), entries, b"".join(idat))


def _g4_passthrough(path: Path, page: Any) -> Frame | None:
    """A fax-style TIFF frame (CCITT Group 4, one strip): its compressed bytes go into the PDF as they are."""
    tags = page.tag_v2
    offsets, counts = tags.get(273), tags.get(279)
    if tags.get(259) != 4 or tags.get(266, 1) != 1 or page.mode != "1":
        return None
    if not offsets or not counts or len(offsets) != 1 or len(counts) != 1:
        return None
    with open(path, "rb") as f:
        f.seek(offsets[0])
        data = f.read(counts[0])
    if len(data) != counts[0]:
        return None
    w, h = page.size
    parms = {"/K": -1, "/Columns": w, "/Rows": h}
    entries: dict[str, Any] = {
        "/ColorSpace": "/DeviceGray",
        "/BitsPerComponent": 1,
        "/Filter": "/CCITTFaxDecode",
        "/DecodeParms": parms,
    }
    if tags.get(262, 0) == 1:  # BlackIsZero: the code's "white" runs are black pixels
        entries["/Decode"] = [1, 0]
    return Frame(w, h, _dpi(page.info), entries, data)


def _to_8bit(img: Any) -> Any:
    """16-bit and float grayscale (X-ray and scanner exports) stretched to 8 bits over the values used;
    Pillow's own conversion would clip everything above 255 to white."""
    wide = img.convert("F")
    lo, hi = wide.getextrema()
    scale = 255.0 / (hi - lo) if hi > lo else 0.0
    return wide.point(lambda v: (v - lo) * scale).convert("L")


def _decoded(page: Any, dpi: tuple[float, float]) -> Frame:
    from PIL import Image, ImageOps

    img = ImageOps.exif_transpose(page) or page
    if img.mode == "1":
        bpc, cs = 1, "/DeviceGray"
    elif img.mode == "L":
        bpc, cs = 8, "/DeviceGray"
    else:
        if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
            rgba = img.convert("RGBA")
            white = Image.new("RGB", img.size, (255, 255, 255))
            white.paste(rgba, mask=rgba.getchannel("A"))
            img = white
        elif img.mode.startswith(("I", "F")):
            img = _to_8bit(img)
        else:
            img = img.convert("RGB")
        bpc, cs = 8, "/DeviceGray" if img.mode == "L" else "/DeviceRGB"
    data = zlib.compress(img.tobytes(), 6)
    entries = {"/ColorSpace": cs, "/BitsPerComponent": bpc, "/Filter": "/FlateDecode"}
    return Frame(img.width, img.height, dpi, entries, data)
