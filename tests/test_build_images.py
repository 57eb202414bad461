"""Image records go into the PDF without loss: the pixels a viewer renders are the pixels of the file."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageDraw
from pypdf import PdfWriter

from packet.build import images
from packet.build.place import PageMaker


def _drawing(mode: str, size: tuple[int, int] = (320, 200)) -> Image.Image:
    im = Image.new(mode, size, 1 if mode == "1" else "white")
    d = ImageDraw.Draw(im)
    ink = 0 if mode in ("1", "L") else (200, 30, 30)
    d.rectangle([10, 10, 120, 90], fill=ink)
    d.ellipse([150, 40, 300, 180], outline=ink, width=5)
    return im


def _render_alone(path: Path, tmp_path: Path) -> list[Image.Image]:
    """Each frame on a page of exactly its size (72 dpi), rendered back at 72 dpi."""
    w = PdfWriter()
    maker = PageMaker(w)
    out = []
    for frame in images.frames(path):
        src = maker.image_source(frame)
        page = maker.add(src, None, fit=False)
        page.mediabox.upper_right = (src.box[2], src.box[3])
    pdf = tmp_path / "frames.pdf"
    w.write(pdf)
    doc = pdfium.PdfDocument(str(pdf))
    for i in range(len(doc)):
        out.append(doc[i].render(scale=1, no_smoothimage=True).to_pil())
    doc.close()
    return out


@pytest.mark.parametrize(
    ("name", "mode", "kw", "filter_"),
    [
        ("fax.tiff", "1", {"compression": "group4"}, b"/CCITTFaxDecode"),
        ("raw.tiff", "1", {}, b"/FlateDecode"),
        ("gray.png", "L", {}, b"/Predictor"),
        ("colour.png", "RGB", {}, b"/Predictor"),
        ("palette.png", "P", {}, b"/FlateDecode"),
    ],
)
def test_lossless_frames_render_to_the_same_pixels(
    tmp_path: Path, name: str, mode: str, kw: dict, filter_: bytes
) -> None:
    src = _drawing("RGB" if mode == "P" else mode)
    if mode == "P":
        src = src.convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    path = tmp_path / name
    frames = [src, src.transpose(Image.Transpose.ROTATE_180)]
    if path.suffix == ".tiff":
        src.save(path, save_all=True, append_images=frames[1:], dpi=(72, 72), **kw)
    else:
        frames = frames[:1]
        src.save(path, dpi=(72, 72), **kw)
    rendered = _render_alone(path, tmp_path)
    assert len(rendered) == len(frames)
    for want, got in zip(frames, rendered, strict=True):
        want_rgb, got_rgb = want.convert("RGB"), got.convert("RGB")
        assert got_rgb.size == want_rgb.size
        diff = ImageChops.difference(want_rgb, got_rgb).convert("L")
        assert max(diff.get_flattened_data()) <= 8, name
    assert filter_ in (tmp_path / "frames.pdf").read_bytes()


def test_photometric_black_is_zero_g4_is_not_inverted(tmp_path: Path) -> None:
    src = _drawing("1")
    path = tmp_path / "fax.tiff"
    src.save(path, compression="group4", dpi=(72, 72))
    (got,) = _render_alone(path, tmp_path)
    dark = sum(1 for p in got.convert("L").get_flattened_data() if p < 128)
    want = sum(1 for p in src.convert("L").get_flattened_data() if p < 128)
    assert dark == want and dark < src.width * src.height / 2


def test_16_bit_grayscale_is_stretched_not_clipped_to_white(tmp_path: Path) -> None:
    src = Image.new("I;16", (64, 32))
    src.putdata([(x * 64) for _ in range(32) for x in range(64)])  # 0 .. 4032: a 12-bit X-ray's range
    path = tmp_path / "xray16.png"
    src.save(path, dpi=(72, 72))
    (got,) = _render_alone(path, tmp_path)
    row = [got.convert("L").getpixel((x, 16)) for x in range(64)]
    assert row[0] < 10 and row[-1] > 245 and row == sorted(row)  # a ramp, dark to light
