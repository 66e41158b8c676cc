"""Validation time per form (target: median under 2 ms for a full form). Prints its figures.

Run: .venv/bin/python -m benchmarks.bench_validation
"""

from __future__ import annotations

from benchmarks.timing import median_and_p95
from forms import all_forms
from forms.applicant import APPLICANT
from forms.core.catalogue import load_catalogue
from forms.core.validation import parse_form, validate
from tests.conftest import example_document, example_json

RUNS = 2000


def main() -> None:
    catalogue = load_catalogue()
    print(f"验证耗时（每种表单 {RUNS} 次，目标：完整表单中位数 < 2 ms）")
    print(f"{'kind':<12}{'rules':>6}{'parse+rules median':>22}{'p95':>10}{'rules only median':>20}")
    for kind, definition in all_forms().items():
        raw = example_json(kind)
        doc = example_document(kind)

        def full(definition=definition, raw=raw) -> None:
            form, _ = parse_form(definition, raw["data"])
            applicant, _ = parse_form(APPLICANT, raw["applicant"])
            validate(
                definition,
                form,
                applicant=applicant,
                applicant_definition=APPLICANT,
                catalogue=catalogue,
            )

        def rules_only(definition=definition, doc=doc) -> None:
            validate(
                definition,
                doc.form,
                applicant=doc.applicant,
                applicant_definition=APPLICANT,
                catalogue=catalogue,
            )

        med, p95 = median_and_p95(full, RUNS, warmups=50)
        rules_med, _ = median_and_p95(rules_only, RUNS, warmups=50)
        print(
            f"{kind:<12}{len(definition.rules):>6}{med:>19.3f} ms{p95:>7.3f} ms{rules_med:>17.3f} ms"
        )


if __name__ == "__main__":
    main()
