"""Decision packages (.gxdec): a park office's signed decision on one submitted revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError

from forms.core.file_names import safe_file_name
from forms.exchange.container import (
    issues_text,
    json_bytes,
    open_package,
    parse_json,
    where_of,
    write_package,
)
from forms.exchange.errors import PackageError
from forms.exchange.manifest import (
    DECISION_SUFFIX,
    DecisionManifest,
    PackageType,
    Party,
)
from forms.exchange.review import Decision, Outcome
from forms.exchange.signing import SigningKey

DECISION = "decision.json"


@dataclass(frozen=True)
class DecisionPackage:
    manifest: DecisionManifest
    decision: Decision
    file_sha256: str

    @property
    def signer(self) -> Party:
        return self.manifest.signer


def decision_file_name(number: str | None, revision: int, outcome: Outcome) -> str:
    """The name a decision package is offered under: 申报编号-审核决定-第2版-退回补正.gxdec, so
    the decisions on each revision, and a changed decision, do not take each other's name.
    ``number`` comes from the enterprise's package: it is made one safe file name."""
    stem = f"{number or ''}-审核决定-第{revision}版-{outcome.label}".lstrip("-")
    return safe_file_name(stem, DECISION_SUFFIX, "审核决定")


def build_decision(
    decision: Decision,
    *,
    key: SigningKey,
    signer: Party,
    package_id: str,
    submission_package_id: str,
    application_uid: str,
    revision: int,
    kind: str,
    number: str | None,
    title: str,
    created_at: datetime,
) -> bytes:
    """The .gxdec bytes of ``decision`` on one submitted revision, signed by the office."""
    fields = {
        "type": PackageType.DECISION.value,
        "package_id": package_id,
        "kind": kind,
        "application_uid": application_uid,
        "revision": revision,
        "number": number,
        "title": title[:200],
        "signer": signer.model_dump(mode="json"),
        "submission_package_id": submission_package_id,
        "outcome": decision.outcome.value,
    }
    members = {DECISION: json_bytes(decision.model_dump(mode="json"))}
    return write_package(fields, DecisionManifest, members, key, created_at)


def read_decision(data: bytes, source: str = "") -> DecisionPackage:
    """Check everything about a decision package; a PackageError says what is wrong."""
    opened = open_package(data, source, PackageType.DECISION, DecisionManifest)
    where = where_of(PackageType.DECISION.noun, source)
    if DECISION not in opened.members:
        raise PackageError("missing_member", f"{where} 缺少决定内容 {DECISION}，请让园区重新导出")
    obj = parse_json(opened.members[DECISION], where, DECISION)
    try:
        decision = Decision.model_validate(obj)
    except ValidationError as exc:
        raise PackageError(
            "invalid_data",
            f"{where} 中的决定内容有误：{issues_text(exc, Decision)}。请让园区重新导出",
        ) from exc
    if decision.outcome is not opened.manifest.outcome:
        raise PackageError(
            "inconsistent", f"{where} 中的决定与签名清单不一致，文件可能被篡改，请让园区重新导出"
        )
    return DecisionPackage(opened.manifest, decision, opened.file_sha256)
