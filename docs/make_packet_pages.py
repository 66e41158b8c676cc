"""Render one page of each form's example packet to docs/packets/<kind>.png for the README,
and the park office's 审核意见表 and 推荐汇总表 (first page each) from a store that received them.

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


def png(pdf: bytes, page: int, name: str) -> None:
    """Page ``page`` (1-based) of ``pdf`` as docs/packets/<name>.png."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "p.pdf"
        source.write_bytes(pdf)
        pages = ["-f", str(page), "-l", str(page), "-singlefile"]
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", *pages, str(source), str(OUT / name)], check=True
        )
    print(f"{OUT / name}.png  第 {page} 页")


def review_sheets() -> None:
    """An enterprise sends three applications to 南宁高新区, which decides on them and prints."""
    import dataclasses

    from app.review_prints import opinion_pdf, summary_pdf
    from forms.exchange.review import Outcome, Reason
    from tests.conftest import example_document
    from tests.helpers.copies import officer, open_copy, submit

    with tempfile.TemporaryDirectory() as tmp:
        enterprise = open_copy(Path(tmp) / "enterprise")
        office = open_copy(Path(tmp) / "office", "enclave")
        rd = example_document("rd_subsidy")
        zone = example_document("incubator").applicant.model_dump(mode="json")["hitech_zone"]
        applicant = type(rd.applicant).model_validate(
            {**rd.applicant.model_dump(mode="json"), "hitech_zone": zone}
        )
        docs = [None, None, dataclasses.replace(rd, applicant=applicant)]
        ids = []
        for doc in docs:
            app_id = submit(enterprise, "rd_subsidy" if doc else "incubator", doc)
            exported = enterprise.exchange.export_package(app_id)
            ids.append(office.exchange.import_package(exported.content).application_id)
        clerk = officer(office)
        office.review.set_manual_check(
            ids[0], "incubator.authenticity", True, officer=clerk, note="已核对原件"
        )
        office.review.record_decision(
            ids[0],
            Outcome.RETURN,
            officer=clerk,
            comment="请补充场地租赁合同后重新提交。",
            reasons=[Reason(field_path="requested_amount", message="与预算表合计不符")],
        )
        for office_id in ids[1:]:
            office.review.record_decision(office_id, Outcome.RECOMMEND, officer=clerk)
        png(opinion_pdf(office.store, ids[0]), 1, "review_opinion")
        png(summary_pdf(office.store), 1, "review_summary")
        office.store.close()
        enterprise.store.close()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for kind in KINDS:
        packet = packet_of(kind)
        pdf = render_packet(packet)
        # the page where the form itself starts: "二、<form title>"
        heading = f"二、{packet.definition.title}".replace(" ", "")
        texts = [t.replace(" ", "").replace("\n", "") for t in page_texts(pdf)]
        page = next(i for i, t in enumerate(texts) if heading in t and i > 1) + 1
        png(pdf, page, kind)
    review_sheets()


if __name__ == "__main__":
    main()
