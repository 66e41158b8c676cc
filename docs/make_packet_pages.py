"""Render one page of each form's example packet to docs/packets/<kind>.png for the README.

Run: .venv/bin/python -m docs.make_packet_pages   (needs pdftoppm from poppler-utils)
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from benchmarks.bench_packets import packet_of, page_texts
from forms.packet import render_packet
from tests.conftest import KINDS

OUT = Path(__file__).parent / "packets"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for kind in KINDS:
        packet = packet_of(kind)
        pdf = render_packet(packet)
        # the page where the form itself starts: "二、<form title>"
        heading = f"二、{packet.definition.title}".replace(" ", "")
        texts = [t.replace(" ", "").replace("\n", "") for t in page_texts(pdf)]
        page = next(i for i, t in enumerate(texts) if heading in t and i > 1) + 1
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "p.pdf"
            source.write_bytes(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(source),
                    str(OUT / kind),
                ],
                check=True,
            )
        print(f"{OUT / kind}.png  第 {page} 页")


if __name__ == "__main__":
    main()
