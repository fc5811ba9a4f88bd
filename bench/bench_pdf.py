"""Notice PDF, fairly: WeasyPrint (our render) vs LibreOffice converting our .docx, cold and warm.

The same content both ways: `steering.officialdoc.render_pdf` (WeasyPrint) renders the notice,
and LibreOffice converts the .docx that `steering.officialdoc_docx.render_docx` makes of the very
same document (what a secretariat downloads to finish in Word). Two documents: the state sample
notice (2 pages) and a 3-page notice (10 conclusions, 30 directives).

- warm: WeasyPrint in this process after one warm-up render; LibreOffice kept running by
  unoserver (PyPI), one conversion per request over its XML-RPC port after one warm-up. Median of
  RUNS.
- cold: a new process per document: `python -c` (interpreter, Django, imports, fonts, one render)
  against `soffice --headless --convert-to pdf` (with an existing user profile; the very first run
  that creates the profile is shown apart). Median of COLD_RUNS.

Each pair of PDFs is checked with pdftotext: the same number of pages and, page by page, the same
words (in order, or as the same words when only the reading order of the two-column header
differs). A mismatch is printed, never hidden.

LibreOffice is not a project dependency (bench only, not CI): `make bench-pdf` installs
`libreoffice-writer-nogui` and `python3-uno` (bin/ensure-debs) and unoserver in `.venv-bench`
(Debian's Python with its `uno` module). Without them the LibreOffice half prints "skipped: …".
Set UNOSERVER_PYTHON to a Python that imports both `uno` and `unoserver` to use another one.
"""

import contextlib
import logging
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

ROOT = pathlib.Path(__file__).resolve().parent.parent
RUNS = 10
COLD_RUNS = 3
COLD_SCRIPT = """
import os, sys, pathlib
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings_test")
import django
django.setup()
from steering.officialdoc import render_pdf
from tests.steering.officialdoc import samples
document = {expression}
pathlib.Path({out!r}).write_bytes(render_pdf(document))
"""
DOCUMENTS = {
    "notice, 2 pages (state sample)": "samples.STATE_NOTICE",
    "notice, 3 pages (30 directives)": "samples.long_notice(conclusions=10, directives=30)",
}


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings_test")
    import django

    django.setup()


def _median_ms(fn, runs: int, *, warm: bool = True) -> float:
    if warm:
        fn()  # fonts, templates, LibreOffice's loaded filters
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _pages_words(pdf: pathlib.Path) -> list[list[str]]:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [page.split() for page in pages]


def compare_text(ours: pathlib.Path, theirs: pathlib.Path) -> tuple[bool, str]:
    """Same pages and the same text page by page (pdftotext), and a one-line verdict."""
    a, b = _pages_words(ours), _pages_words(theirs)
    if len(a) != len(b):
        return False, f"DIFFERENT page count: {len(a)} vs {len(b)}"
    for number, (x, y) in enumerate(zip(a, b, strict=True), start=1):
        if x == y:
            continue
        if sorted(x) == sorted(y):
            continue  # the same words; the header's two columns read in another order
        extra = sorted(set(x) - set(y))[:5]
        missing = sorted(set(y) - set(x))[:5]
        return False, f"DIFFERENT text on page {number}: only ours {extra}, only theirs {missing}"
    ordered = all(x == y for x, y in zip(a, b, strict=True))
    how = "same text in the same order" if ordered else "same words on each page"
    return True, f"same {len(a)} page(s), {how}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unoserver_python() -> str | None:
    candidates = [os.environ.get("UNOSERVER_PYTHON"), str(ROOT / ".venv-bench" / "bin" / "python")]
    for python in filter(None, candidates):
        if not pathlib.Path(python).exists():
            continue
        check = subprocess.run(
            [python, "-c", "import uno, unoserver"], capture_output=True, check=False
        )
        if check.returncode == 0:
            return python
    return None


@contextlib.contextmanager
def unoserver(python: str, profile: pathlib.Path):
    """LibreOffice kept running by unoserver; yields the XML-RPC proxy once it answers."""
    port, uno_port = _free_port(), _free_port()
    process = subprocess.Popen(
        [
            python,
            "-m",
            "unoserver.server",
            "--port",
            str(port),
            "--uno-port",
            str(uno_port),
            "--user-installation",
            str(profile),
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}", allow_none=True)
        deadline = time.monotonic() + 120
        while True:
            try:
                proxy.info()
                break
            except (ConnectionError, OSError, xmlrpc.client.Fault):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("unoserver did not start") from None
                time.sleep(0.25)
        yield proxy
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def _soffice_convert(soffice: str, profile: pathlib.Path, docx: pathlib.Path, outdir: pathlib.Path):
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def main() -> None:
    sys.path.insert(0, str(ROOT))
    _setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from steering.officialdoc import render_pdf
    from steering.officialdoc_docx import render_docx
    from tests.steering.officialdoc import samples

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    uno_python = _unoserver_python()
    missing = [
        name
        for name, ok in (
            ("LibreOffice (libreoffice-writer-nogui)", soffice),
            ("pdftotext (poppler-utils)", shutil.which("pdftotext")),
            ("a Python with uno and unoserver (.venv-bench, see make bench-pdf)", uno_python),
        )
        if not ok
    ]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        out = pathlib.Path(tmp)
        for index, (label, expression) in enumerate(DOCUMENTS.items()):
            document = eval(expression, {"samples": samples})  # noqa: S307 - our own constants
            ours = out / f"weasy-{index}.pdf"
            docx = out / f"doc-{index}.docx"
            docx.write_bytes(render_docx(document))
            warm = _median_ms(lambda d=document, o=ours: o.write_bytes(render_pdf(d)), RUNS)
            script = COLD_SCRIPT.format(root=str(ROOT), expression=expression, out=str(ours))
            cold = _median_ms(
                lambda s=script: subprocess.run(
                    [sys.executable, "-c", s], check=True, capture_output=True
                ),
                COLD_RUNS,
                warm=False,
            )
            rows.append({"label": label, "docx": docx, "ours": ours, "weasy": (warm, cold)})

        print(f"WeasyPrint warm: median of {RUNS} renders in one process after a warm-up;")
        print(f"cold: median of {COLD_RUNS} new processes (interpreter, Django, 1 render).")
        if missing:
            for row in rows:
                warm, cold = row["weasy"]
                print(f"{row['label']:34} WeasyPrint warm {warm:7.0f} ms, cold {cold:7.0f} ms")
            print(f"LibreOffice: skipped: {', '.join(missing)} not installed")
            return

        # Cold LibreOffice: the first run ever creates the user profile; later runs reuse it.
        profile = out / "lo-profile"
        start = time.perf_counter()
        _soffice_convert(soffice, profile, rows[0]["docx"], out / "first")
        first_ms = (time.perf_counter() - start) * 1000
        for row in rows:
            lo_dir = out / f"lo-{row['docx'].stem}"
            row["lo_cold"] = _median_ms(
                lambda r=row, d=lo_dir: _soffice_convert(soffice, profile, r["docx"], d),
                COLD_RUNS,
                warm=False,
            )
            row["theirs"] = lo_dir / f"{row['docx'].stem}.pdf"
        with unoserver(uno_python, out / "uno-profile") as proxy:
            for row in rows:
                target = out / f"uno-{row['docx'].stem}.pdf"

                def convert(r=row, t=target):
                    proxy.convert(str(r["docx"]), None, str(t), "pdf", None, [], True, None, None)

                row["lo_warm"] = _median_ms(convert, RUNS)
                row["same"] = compare_text(row["ours"], target)

    print(f"LibreOffice warm: unoserver kept running, median of {RUNS} conversions, warmed up;")
    print(f"cold: median of {COLD_RUNS} `soffice --headless --convert-to pdf` processes.")
    print(f"(LibreOffice's very first run, creating its user profile: {first_ms:.0f} ms)")
    print()
    head = f"{'document':34} {'':6} {'WeasyPrint':>11} {'LibreOffice':>12} {'ratio W/L':>10}"
    print(head)
    for row in rows:
        for mode, weasy, lo in (
            ("warm", row["weasy"][0], row["lo_warm"]),
            ("cold", row["weasy"][1], row["lo_cold"]),
        ):
            print(f"{row['label']:34} {mode:6} {weasy:8.0f} ms {lo:9.0f} ms {weasy / lo:10.2f}")
        ok, verdict = row["same"]
        print(f"{'':34} check: {'OK' if ok else 'MISMATCH'}, {verdict} (WeasyPrint vs LibreOffice)")
    if not all(row["same"][0] for row in rows):
        print("The outputs differ: the timings compare different documents (see above).")


if __name__ == "__main__":
    main()
