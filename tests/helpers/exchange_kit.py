"""Packages for tests: valid ones made from the examples without a store, and the means to take
a package apart and spoil it in one precise way."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from forms.applicant import ApplicantProfile
from forms.core.document import ApplicationDocument
from forms.exchange.container import MANIFEST, SIGNATURE
from forms.exchange.decision_package import build_decision
from forms.exchange.manifest import Party, Role
from forms.exchange.review import Decision, Outcome
from forms.exchange.signing import SigningKey
from forms.exchange.submission import build_submission, read_submission
from forms.registry import FORMS
from tests.helpers.examples import example_document, example_json

PDF = b"%PDF-1.7\n% a stand-in packet\n"


def signer_for(doc: ApplicationDocument, key: SigningKey) -> Party:
    applicant = doc.applicant
    assert isinstance(applicant, ApplicantProfile)
    return Party(
        role=Role.ENTERPRISE,
        name=applicant.name or "",
        uscc=applicant.uscc or "",
        hitech_zone=applicant.hitech_zone,
        public_key=key.public_key,
    )


def make_package(
    doc: ApplicationDocument | None = None,
    *,
    key: SigningKey | None = None,
    revision: int = 1,
    package_id: str | None = None,
) -> tuple[bytes, SigningKey]:
    """A valid package made without a store (as a stranger's copy would make one)."""
    doc = doc or example_document("incubator")
    if doc.uid is None:
        doc = replace(doc, uid=str(uuid.uuid4()))
    key = key or SigningKey.generate()
    applicant = doc.applicant
    assert isinstance(applicant, ApplicantProfile)
    data = build_submission(
        doc,
        key=key,
        signer=signer_for(doc, key),
        package_id=package_id or str(uuid.uuid4()),
        revision=revision,
        created_at=datetime.now(UTC),
        catalogue_version="2024-再次征求意见稿",
        addressed_to=applicant.hitech_zone,
        packet_pdf=PDF,
    )
    return data, key


def decision_for(
    submission: bytes,
    key: SigningKey,
    signer: Party,
    decision: Decision | None = None,
) -> bytes:
    """A decision on ``submission`` made straight from the file, as an attacker's tool would
    make one (no store, none of the office's checks)."""
    m = read_submission(submission, forms=FORMS).manifest
    return build_decision(
        decision or Decision(outcome=Outcome.RECOMMEND, officer="王芳", decided_on=date.today()),
        key=key,
        signer=signer,
        package_id=str(uuid.uuid4()),
        submission_package_id=m.package_id,
        application_uid=m.application_uid,
        revision=m.revision,
        kind=m.kind,
        number=m.number,
        title=m.title,
        created_at=datetime.now(UTC),
    )


def office_decision(decision: Decision, key: SigningKey) -> bytes:
    """``decision`` as a package signed with ``key`` by 南宁高新区管委会 (the enclave example's
    applicant), on an incubator application no store holds."""
    office = example_json("enclave")["applicant"]
    return build_decision(
        decision,
        key=key,
        signer=Party(
            role=Role.PARK_OFFICE,
            name=office["name"],
            uscc=office["uscc"],
            public_key=key.public_key,
        ),
        package_id=str(uuid.uuid4()),
        submission_package_id=str(uuid.uuid4()),
        application_uid=str(uuid.uuid4()),
        revision=1,
        kind="incubator",
        number="GX20260000001",
        title="孵化基地",
        created_at=datetime.now(UTC),
    )


def office_signer(profile: ApplicantProfile, key: SigningKey, **changes: Any) -> Party:
    """A park office's signer from its profile, with ``changes`` (a look-alike's code…)."""
    fields = {
        "role": Role.PARK_OFFICE,
        "name": profile.name or "",
        "uscc": profile.uscc or "",
        "hitech_zone": profile.hitech_zone,
        "public_key": key.public_key,
    }
    return Party.model_validate({**fields, **changes})


# --- taking packages apart ------------------------------------------------------------------


def unpack(data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest (parsed) and the other members of a package."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members.pop(MANIFEST))
    members.pop(SIGNATURE)
    return manifest, members


def pack(
    manifest: dict[str, Any],
    members: dict[str, bytes],
    key: SigningKey,
    *,
    update_digests: bool = True,
    compression: int = zipfile.ZIP_DEFLATED,
    extra: list[tuple[zipfile.ZipInfo, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """A package from parts, signed with ``key`` (whatever key the manifest names)."""
    if update_digests:
        manifest = {
            **manifest,
            "members": [
                {"name": n, "size": len(c), "sha256": hashlib.sha256(c).hexdigest()}
                for n, c in members.items()
            ],
        }
    raw = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    return raw_zip(
        [(MANIFEST, raw), (SIGNATURE, key.sign(raw).encode()), *members.items(), *extra],
        compression,
    )


def raw_zip(
    entries: list[tuple[str | zipfile.ZipInfo, bytes]], compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return out.getvalue()


def respun(
    data: bytes,
    key: SigningKey,
    change: Callable[[dict[str, Any], dict[str, bytes]], None],
    **options: Any,
) -> bytes:
    """``data`` with ``change`` applied to its manifest and members, then signed again."""
    manifest, members = unpack(data)
    change(manifest, members)
    return pack(manifest, members, key, **options)


def edit_data(members: dict[str, bytes], **fields: Any) -> None:
    """Change form fields in ``application.json``."""
    doc = json.loads(members["application.json"])
    doc["data"].update(fields)
    members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()
