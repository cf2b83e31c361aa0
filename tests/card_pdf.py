"""Look at a printed card as a person would: the text poppler extracts, the
page rendered at 300 dpi, the QR code zbar reads, sizes measured on paper.
Shared by the card tests; not a test module itself."""

import re
import subprocess
import unicodedata
from collections import deque
from pathlib import Path

from PIL import Image
from PyPDF2 import PdfReader

DPI = 300
MM_PER_PX = 25.4 / DPI
# a pixel darker than this is ink (text, rules, the QR code, the band); light
# tints are not
INK = 160
# direction marks poppler adds around right-to-left runs
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normalize(text):
    """Text as a reader sees it: Arabic presentation forms and ligatures
    folded (NFKC), direction marks dropped, white space collapsed."""
    text = BIDI_MARKS.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(path, first=None, last=None):
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_words(path, page):
    """[(word, x_min, y_min, x_max, y_max)] of one page, in points."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (word, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, word in pattern.findall(html)
    ]


def pdf_info(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    width, height = map(
        float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout).groups()
    )
    return pages, width * 25.4 / 72, height * 25.4 / 72


def render_pages(path, directory, prefix):
    """Every page as a grayscale PNG at 300 dpi: [Path]."""
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(path), str(Path(directory, prefix))],
        check=True,
    )
    return sorted(Path(directory).glob(f"{prefix}-*.png"))


def qr_codes(png):
    """What zbar reads in the QR codes of a page."""
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in result.stdout.splitlines() if line]


def _size_collector(runs):
    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = abs(cm[0] * tm[0] + cm[2] * tm[1]) or abs(cm[1] * tm[0] + cm[3] * tm[1])
            runs.append((text.strip(), round(size * scale, 1)))

    return visit


def text_sizes(path):
    """{page number: [(text, size in points)]}: the size each run of text
    has on paper, after every transformation, rounded to 0.1 pt."""
    sizes = {}
    for number, page in enumerate(PdfReader(str(path)).pages, start=1):
        runs = []
        page.extract_text(visitor_text=_size_collector(runs))
        sizes[number] = runs
    return sizes


def size_of(runs, text):
    """The size of the run that holds ``text``."""
    sizes = {size for run, size in runs if text in run}
    if len(sizes) != 1:
        raise AssertionError(f"{text!r} printed in sizes {sizes or 'none'}")
    return sizes.pop()


def _ink_cells(image, cell_px):
    """Boolean grid: whether each cell of ``cell_px`` pixels holds ink."""
    width, height = image.size
    mask = image.point(lambda p: 255 if p < INK else 0)
    cols, rows = -(-width // cell_px), -(-height // cell_px)
    grid = [
        [
            mask.crop(
                (
                    c * cell_px,
                    r * cell_px,
                    min((c + 1) * cell_px, width),
                    min((r + 1) * cell_px, height),
                )
            ).getbbox()
            is not None
            for c in range(cols)
        ]
        for r in range(rows)
    ]
    return grid, mask


def qr_box_mm(png):
    """Width and height in millimetres of the QR code on a page: the
    largest square cluster of ink, once cells of 0.5 mm with ink are joined
    to their neighbours (modules are closer than that, text lines further)."""
    image = Image.open(png).convert("L")
    cell = max(1, round(0.5 / MM_PER_PX))
    grid, mask = _ink_cells(image, cell)
    rows, cols = len(grid), len(grid[0])
    seen = [[False] * cols for _r in range(rows)]
    best = None
    for r in range(rows):
        for c in range(cols):
            if not grid[r][c] or seen[r][c]:
                continue
            queue, cells = deque([(r, c)]), []
            seen[r][c] = True
            while queue:
                y, x = queue.popleft()
                cells.append((y, x))
                for dy in (-1, 0, 1):
                    for dx in (-1, 0, 1):
                        ny, nx = y + dy, x + dx
                        if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] and not seen[ny][nx]:
                            seen[ny][nx] = True
                            queue.append((ny, nx))
            ys = [y for y, _x in cells]
            xs = [x for _y, x in cells]
            box = (min(xs) * cell, min(ys) * cell, (max(xs) + 1) * cell, (max(ys) + 1) * cell)
            w, h = box[2] - box[0], box[3] - box[1]
            squareish = min(w, h) / max(w, h) > 0.85
            if squareish and len(cells) > 0.5 * (w // cell) * (h // cell):
                if best is None or w * h > (best[2] - best[0]) * (best[3] - best[1]):
                    best = box
    if best is None:
        return 0.0, 0.0
    x0, y0, x1, y1 = mask.crop(best).getbbox()
    return (x1 - x0) * MM_PER_PX, (y1 - y0) * MM_PER_PX


def blank_fraction(png, cols=8, rows=5):
    """Share of the page, in a grid of ``cols`` x ``rows`` cells (about 1 cm
    square on a card), whose cells hold no ink at all."""
    image = Image.open(png).convert("L")
    mask = image.point(lambda p: 255 if p < INK else 0)
    width, height = image.size
    blank = 0
    for r in range(rows):
        for c in range(cols):
            box = (
                c * width // cols,
                r * height // rows,
                (c + 1) * width // cols,
                (r + 1) * height // rows,
            )
            blank += mask.crop(box).getbbox() is None
    return blank / (cols * rows)


def ink_map(png, cell_mm=2.0):
    """The page as lines of digits, one per ``cell_mm`` square: 0 for no
    ink up to 9 for solid ink. A reference rendering kept as text."""
    image = Image.open(png).convert("L")
    cell = round(cell_mm / MM_PER_PX)
    width, height = image.size
    lines = []
    for top in range(0, height - cell + 1, cell):
        line = []
        for left in range(0, width - cell + 1, cell):
            histogram = image.crop((left, top, left + cell, top + cell)).histogram()
            dark = sum(histogram[:INK]) / (cell * cell)
            line.append(str(min(9, round(dark * 9 + 0.49)) if dark else 0))
        lines.append("".join(line))
    return "\n".join(lines)


def ink_map_difference(expected, actual):
    """Share of cells whose ink differs by more than two levels."""
    expected_lines, actual_lines = expected.split("\n"), actual.split("\n")
    if [len(line) for line in expected_lines] != [len(line) for line in actual_lines]:
        return 1.0
    cells = differ = 0
    for exp_line, act_line in zip(expected_lines, actual_lines, strict=True):
        for exp, act in zip(exp_line, act_line, strict=True):
            cells += 1
            differ += abs(int(exp) - int(act)) > 2
    return differ / cells
