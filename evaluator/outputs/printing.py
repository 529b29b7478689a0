"""PDF through headless Chromium: the book and the report are HTML pages printed on A4."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..base.errors import OutputError

#: the browsers that can print a page to PDF, in the order tried
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PRINT_TIMEOUT = 300


def browser() -> str | None:
    """The path of a Chromium that can print to PDF, if one is installed."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def print_pdf(html: str, what: str = "book") -> bytes:
    """An HTML page printed to PDF by headless Chromium; a clear error when none is installed."""
    found = browser()
    if found is None:
        raise OutputError("a PDF is printed by headless Chromium, and none is installed (looked for "
                          f"{', '.join(BROWSERS)}); install Chromium, or write the "
                          f"{what} as .html and print it from a browser; nothing was written")
    with tempfile.TemporaryDirectory(prefix="evaluator-print-") as tmp:
        page, pdf = Path(tmp) / "book.html", Path(tmp) / "book.pdf"
        page.write_text(html, encoding="utf-8")
        command = [found, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                   page.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT, check=False,
                           env={**os.environ, "HOME": tmp})
        except (OSError, subprocess.SubprocessError) as exc:
            raise OutputError(f"Chromium could not print the {what}: {exc}; nothing was written") from None
        if not pdf.exists() or not pdf.read_bytes().startswith(b"%PDF"):
            raise OutputError(f"Chromium did not print the {what} to PDF; nothing was written")
        return pdf.read_bytes()
