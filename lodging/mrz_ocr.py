"""Read a passport's machine-readable zone (ICAO 9303 TD3) from a photo with Tesseract.

The photo is tried in a few prepared versions, most likely first: turned the way its
text lines run and straightened, the bottom of the page (where the MRZ is) cropped,
contrast stretched; then the whole page, sharpened, binarised at a few thresholds,
tilted by small angles. Tesseract runs as a child process reading the image from stdin
and writing text to stdout, so the photo never touches the disk.

OCR output is never trusted as it comes: a reading is accepted only when the five TD3
check digits of line 2 pass (`lodging.scanning.parse_mrz`). Before that, the usual OCR
confusions are undone, but only where the character's type is known (a digit in a date
or check-digit position, a letter in a name or country code, `<` for a `K` inside a
filler run), and a filler run that came out one character too long or short is tried at
every length that makes the line 44 characters again. The name line has no check digit:
whoever uses the result must have a person confirm the name.

The search stops at the first version whose check digits pass, and in any case after
`max_variants` runs of Tesseract or `time_limit` seconds, so that a photo can hold a
web worker only briefly.
"""

import io
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from PIL import Image, ImageFilter, ImageOps

from lodging.scanning import MRZ_LINE_LENGTH, ScanError, parse_mrz

TESSERACT = "tesseract"
WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
# A long side of 2000 px keeps every MRZ character 25-40 px tall on a page that fills
# the photo, which is what Tesseract reads best; more only costs time.
WORK_SIDE = 2000
# The MRZ fills the bottom quarter of a passport's data page; a photo has some margin.
BOTTOM_SHARE = 0.45
# The crop handed to Tesseract is scaled to this width (44 characters of ~30 px).
OCR_WIDTH = 1500
MIN_SIDE = 32
SKEW_ANGLES = range(-8, 9, 2)  # degrees, then refined in half degrees around the best
TIME_LIMIT_SECONDS = 10.0
# _variants makes 15; the last ones rarely help and are left out when time is short.
MAX_VARIANTS = 12

TO_DIGIT = str.maketrans({"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1",
                          "Z": "2", "S": "5", "G": "6", "B": "8"})
TO_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"})
# Line 2 positions (0-based) that only hold digits: the document number's check digit,
# birth date and its check digit, expiry date and its check digit, the final digit.
LINE2_DIGITS = [9, *range(13, 20), *range(21, 28), 43]
LINE2_LETTERS = [10, 11, 12]  # nationality
LINE2_FIXED_PART = 28  # characters before the optional personal number


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed (Debian: tesseract-ocr)."""


def tesseract_available() -> bool:
    return shutil.which(TESSERACT) is not None


@dataclass
class MrzReading:
    """What the search found: `lines` when a reading passed every check digit."""

    lines: str | None = None
    best_problems: list[str] = field(default_factory=list)
    variants: int = 0
    seconds: float = 0.0
    tried: list[str] = field(default_factory=list)


def read_mrz(image: Image.Image, *, time_limit: float = TIME_LIMIT_SECONDS,
             max_variants: int = MAX_VARIANTS) -> MrzReading:
    """The two MRZ lines of a passport photo, checked, or what came closest."""
    if not tesseract_available():
        raise OcrUnavailable(TESSERACT)
    started = time.monotonic()
    deadline = started + time_limit
    reading = MrzReading()
    best_error_count = None
    page = _working_copy(image)
    if min(page.size) < MIN_SIDE:
        return reading  # a sliver of an image holds no page
    state = _SearchState(rotations=_rotation_order(page))
    for name, turn, variant in _variants(page, state):
        remaining = deadline - time.monotonic()
        if reading.variants >= max_variants or remaining <= 0:
            break
        try:
            text = _tesseract(variant, timeout=remaining)
        except subprocess.TimeoutExpired:
            break
        reading.variants += 1
        reading.tried.append(name)
        state.note(turn, text)
        lines, problems = mrz_from_text(text)
        if lines is not None:
            reading.lines = lines
            break
        if problems and (best_error_count is None or len(problems) < best_error_count):
            best_error_count = len(problems)
            reading.best_problems = problems
    reading.seconds = time.monotonic() - started
    return reading


# --- Preparing the photo ---

def _working_copy(image: Image.Image) -> Image.Image:
    gray = image.convert("L")
    scale = WORK_SIDE / max(gray.size)
    if scale < 1:
        gray = gray.resize((max(1, round(gray.width * scale)),
                            max(1, round(gray.height * scale))), Image.Resampling.LANCZOS)
    return gray


def _line_energy(gray: Image.Image) -> float:
    """How strongly the image is made of horizontal lines of text: rows of dark ink and
    light gaps alternate, so neighbouring row averages differ a lot."""
    rows = gray.resize((1, gray.height), Image.Resampling.BOX).tobytes()
    return sum((a - b) ** 2 for a, b in zip(rows, rows[1:], strict=False)) / max(1, len(rows))


def _rotation_order(page: Image.Image) -> list[tuple[int, float]]:
    """Quarter turns to try, each with the small angle that straightens its lines, most
    likely first (the text lines of a page run along the long MRZ lines)."""
    small = ImageOps.autocontrast(page, cutoff=1)
    small.thumbnail((500, 500))
    def energy(turned, angle):
        return _line_energy(turned.rotate(angle, expand=True, fillcolor=255,
                                          resample=Image.Resampling.BILINEAR))

    found = []
    for quarter in (0, 90):
        turned = small.rotate(quarter, expand=True, fillcolor=255)
        _best, coarse = max((energy(turned, a), a) for a in SKEW_ANGLES)
        best, angle = max((energy(turned, coarse + step / 2), coarse + step / 2)
                          for step in range(-3, 4))
        found.append((best, quarter, angle))
    found.sort(reverse=True)
    order = []
    for _energy, quarter, angle in found:
        # Half a turn more leaves the lines just as straight: the page upside down.
        order += [(quarter, angle), (quarter + 180, angle)]
    return order


def _turn(page: Image.Image, quarter: int, angle: float) -> Image.Image:
    turned = page.rotate(quarter, expand=True, fillcolor=255) if quarter else page
    if angle:
        turned = turned.rotate(angle, expand=True, fillcolor=255,
                               resample=Image.Resampling.BICUBIC)
    return turned


def _bottom(image: Image.Image) -> Image.Image:
    return image.crop((0, round(image.height * (1 - BOTTOM_SHARE)), image.width, image.height))


def _for_ocr(image: Image.Image) -> Image.Image:
    stretched = ImageOps.autocontrast(image, cutoff=1)
    scale = OCR_WIDTH / stretched.width
    return stretched.resize((OCR_WIDTH, max(1, round(stretched.height * scale))),
                            Image.Resampling.LANCZOS)


def _otsu(image: Image.Image) -> int:
    histogram = image.histogram()
    total = sum(histogram)
    weighted = sum(i * count for i, count in enumerate(histogram))
    below = below_weighted = 0
    best, threshold = -1.0, 128
    for level, count in enumerate(histogram):
        below += count
        if below == 0 or below == total:
            continue
        below_weighted += level * count
        above = total - below
        mean_below = below_weighted / below
        mean_above = (weighted - below_weighted) / above
        between = below * above * (mean_below - mean_above) ** 2
        if between > best:
            best, threshold = between, level
    return threshold


def _binarised(image: Image.Image, threshold: int) -> Image.Image:
    return image.point(lambda value: 255 if value > threshold else 0)


class _SearchState:
    """Which turn of the photo gave the most MRZ-like text so far."""

    def __init__(self, rotations: list[tuple[int, float]]):
        self.rotations = rotations
        self.scores: dict[tuple[int, float], int] = {}

    def note(self, turn: tuple[int, float] | None, text: str) -> None:
        if turn is not None:
            self.scores[turn] = text.count("<") + 10 * sum(
                1 for line in text.splitlines() if len(line.strip()) >= 30)

    def best_turn(self) -> tuple[int, float]:
        if not self.scores:
            return self.rotations[0]
        return max(self.scores, key=self.scores.get)


Variant = tuple[str, tuple[int, float] | None, Image.Image]


def _variants(page: Image.Image, state: _SearchState) -> Iterator[Variant]:
    """Prepared versions of the photo, most likely to read first: the bottom of the page
    at each quarter turn (named with the turn, so the search can tell which looked most
    like an MRZ), then more work on the best turn. Each is made only when it is tried."""
    for turn in state.rotations:
        quarter, angle = turn
        yield (f"bottom, turned {quarter}° {angle:+}°", turn,
               _for_ocr(_bottom(_turn(page, quarter, angle))))
    quarter, angle = state.best_turn()
    upright = _turn(page, quarter, angle)
    bottom = _for_ocr(_bottom(upright))
    yield "whole page", None, _for_ocr(upright)
    yield "sharpened", None, bottom.filter(ImageFilter.UnsharpMask(radius=3, percent=250,
                                                                   threshold=2))
    threshold = _otsu(bottom)
    yield f"binarised at {threshold}", None, _binarised(bottom, threshold)
    for extra in (-1, 1):
        yield (f"tilted {angle + extra:+}°", None,
               _for_ocr(_bottom(_turn(page, quarter, angle + extra))))
    for shift in (-30, 30):
        yield f"binarised at {threshold + shift}", None, _binarised(bottom, threshold + shift)
    yield "upscaled", None, bottom.resize((bottom.width * 3 // 2, bottom.height * 3 // 2),
                                          Image.Resampling.LANCZOS)
    for extra in (-3, 3):
        yield (f"tilted {angle + extra:+}°", None,
               _for_ocr(_bottom(_turn(page, quarter, angle + extra))))
    yield "smoothed", None, bottom.filter(ImageFilter.MedianFilter(3))


# --- Running Tesseract ---

def _tesseract(image: Image.Image, *, timeout: float) -> str:
    png = io.BytesIO()
    image.save(png, "PNG")
    command = [TESSERACT, "stdin", "stdout", "--psm", "6", "-l", "eng",
               "-c", f"tessedit_char_whitelist={WHITELIST}",
               # Dictionaries turn an MRZ's letter runs into words; they are of no use.
               "-c", "load_system_dawg=0", "-c", "load_freq_dawg=0"]
    # One thread: Tesseract's OpenMP threads make a small image slower, and the web
    # workers share the machine's cores. Nothing else of the server's environment (its
    # secrets) is handed to the child.
    env = {"PATH": os.environ.get("PATH", os.defpath), "OMP_THREAD_LIMIT": "1"}
    env.update({name: os.environ[name] for name in ("TESSDATA_PREFIX", "TMPDIR")
                if name in os.environ})
    try:
        result = subprocess.run(command, input=png.getvalue(), capture_output=True,  # noqa: S603
                                timeout=timeout, env=env, check=False)
    except FileNotFoundError:
        raise OcrUnavailable(TESSERACT) from None
    return result.stdout.decode("ascii", "replace")


# --- From OCR text to checked MRZ lines ---

def mrz_from_text(text: str) -> tuple[str | None, list[str]]:
    """From OCR output: the first line pair that passes every check (repaired where the
    repairs allow), else the problems of the closest pair that has an MRZ's shape (two
    lines of 44, a passport's "P" first)."""
    lines = [re.sub(r"[^A-Z0-9<]", "", line.upper()) for line in text.splitlines()]
    lines = [line for line in lines if len(line) >= 30]
    fewest: list[str] = []
    for first, second in zip(lines, lines[1:], strict=False):
        for candidate in _repairs(first, second):
            try:
                parse_mrz(candidate)
            except ScanError as error:
                if _mrz_shaped(candidate) and (not fewest or len(error.errors) < len(fewest)):
                    fewest = error.errors
                continue
            return candidate, []
    return None, fewest


def _mrz_shaped(candidate: str) -> bool:
    first, second = candidate.split("\n")
    return first.startswith("P") and len(first) == len(second) == MRZ_LINE_LENGTH


def _repairs(first: str, second: str) -> Iterator[str]:
    """The pair as read, with typed positions fixed, then with line 2's length mended."""
    first = _fit_name_line(_filler(first))
    second = _filler(second)
    seen = set()
    for candidate in (second, *_lengths_mended(second)):
        candidate = _typed_line2(candidate)
        if candidate not in seen:
            seen.add(candidate)
            yield f"{first}\n{candidate}"


def _filler(line: str) -> str:
    """A `K` between filler characters is a `<` (the chevron's likeliest misreading)."""
    previous = None
    while previous != line:
        previous = line
        line = re.sub(r"(?<=<)K(?=<|$)", "<", line)
    return line


def _fit_name_line(line: str) -> str:
    line = line[:2] + line[2:5].translate(TO_LETTER) + line[5:].translate(TO_LETTER)
    if len(line) < MRZ_LINE_LENGTH and line.endswith("<"):
        return line.ljust(MRZ_LINE_LENGTH, "<")
    if len(line) > MRZ_LINE_LENGTH and line[MRZ_LINE_LENGTH:].strip("<") == "":
        return line[:MRZ_LINE_LENGTH]
    return line


def _typed_line2(line: str) -> str:
    if len(line) != MRZ_LINE_LENGTH:
        return line
    chars = list(line)
    for position in LINE2_DIGITS:
        chars[position] = chars[position].translate(TO_DIGIT)
    for position in LINE2_LETTERS:
        chars[position] = chars[position].translate(TO_LETTER)
    return "".join(chars)


def _lengths_mended(line: str) -> Iterator[str]:
    """Line 2 at 44 characters: a run of `<` in the optional part stretched or shrunk,
    or one character too many dropped / one `<` missing added anywhere. Only the
    check digits decide whether any of these is right."""
    difference = len(line) - MRZ_LINE_LENGTH
    if difference == 0:
        return
    tail = line[LINE2_FIXED_PART:]
    for run in sorted(re.finditer(r"<+", tail), key=lambda m: -len(m.group())):
        length = len(run.group()) - difference
        if length >= 1:
            yield (line[:LINE2_FIXED_PART] + tail[:run.start()] + "<" * length
                   + tail[run.end():])
    if difference == 1:
        for position in range(len(line)):
            yield line[:position] + line[position + 1:]
    elif difference == -1:
        for position in range(len(line) + 1):
            yield line[:position] + "<" + line[position:]
