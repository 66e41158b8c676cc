"""The manifest every package opens with: what it is, who signed it, and each member's digest.

The signature covers the manifest's bytes, and the manifest holds the SHA-256 of every other
member, so one signature vouches for the whole package.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from forms import _v1_values as v1
from forms.core.choices import Choice
from forms.core.control_chars import OneLineText
from forms.core.display import one_line
from forms.core.uscc import uscc_problem
from forms.core.zones import zone_id
from forms.exchange.review import OutcomeField
from forms.exchange.signing import fingerprint, public_key_problem

PACKAGE_FORMAT = "gxapply.package"
# 2: choices (signer role, outcome, the application's data) are codes. Version 1 packages, whose
# choices are the labels of release 0.1.0, still import: they are converted on reading.
# 3: the application's attachments each name their material (its application.json is a
# document of format 3); packages of versions 1 and 2 read their attachments as 其他材料.
# 4 (decision packages only): a reason may be aimed at a material (Reason.material). A copy that
# cannot show such a reason says to upgrade instead of refusing the decision as damaged.
# Submission packages did not change and are still written as 3, so an office that has not
# upgraded yet still reads what enterprises send.
PACKAGE_FORMAT_VERSION = 3  # submission packages
DECISION_FORMAT_VERSION = 4
READABLE_PACKAGE_VERSIONS = (1, 2, 3)
READABLE_DECISION_VERSIONS = (*READABLE_PACKAGE_VERSIONS, 4)
SUBMISSION_SUFFIX = ".gxpkg"
DECISION_SUFFIX = ".gxdec"

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Uid = Annotated[str, Field(pattern=UUID_PATTERN)]
# A zone id of the register; a name written by an older release is read as the zone it names.
ZoneId = Annotated[Annotated[OneLineText, Field(max_length=50)] | None, BeforeValidator(zone_id)]


class PackageType(StrEnum):
    SUBMISSION = "submission"
    DECISION = "decision"

    @property
    def noun(self) -> str:
        return "申报包" if self is PackageType.SUBMISSION else "审核决定包"

    @property
    def suffix(self) -> str:
        """The file name's ending: the office receives .gxpkg, the enterprise .gxdec."""
        return SUBMISSION_SUFFIX if self is PackageType.SUBMISSION else DECISION_SUFFIX

    @property
    def format_version(self) -> int:
        """The version this release writes packages of this type in."""
        if self is PackageType.SUBMISSION:
            return PACKAGE_FORMAT_VERSION
        return DECISION_FORMAT_VERSION

    @property
    def readable_versions(self) -> tuple[int, ...]:
        return (
            READABLE_PACKAGE_VERSIONS
            if self is PackageType.SUBMISSION
            else READABLE_DECISION_VERSIONS
        )


class Role(Choice):
    ENTERPRISE = "firm", "企业端"  # codes fit known_keys.role (8)
    PARK_OFFICE = "office", "园区端"


class Party(BaseModel):
    """Who signed a package: a name and code people know, and the key that proves it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # ``title``: how a refused package names the field (forms/exchange/container.issues_text)
    role: Role = Field(title="签署方身份")
    name: str = Field(min_length=1, max_length=100, title="名称")
    uscc: str = Field(title="统一社会信用代码")
    hitech_zone: ZoneId = Field(default=None, title="所在高新区")
    public_key: str = Field(title="公钥")

    @field_validator("role", mode="before")
    @classmethod
    def _role_of_version_1(cls, value: Any) -> Any:
        return v1.ROLE.get(value, value) if isinstance(value, str) else value

    @field_validator("name")
    @classmethod
    def _one_line_name(cls, value: str) -> str:
        # A name is shown beside the key status: a line break or an invisible mark in it could
        # draw a fake line (「密钥指纹与本机记录一致」) under it. No honest name has one.
        if one_line(value) != value or not value.strip():
            raise ValueError("名称含换行、控制字符或不可见字符，不是本软件导出的名称")
        return value

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, value: str) -> str:
        if problem := uscc_problem(value):
            raise ValueError(f"统一社会信用代码{problem}")
        return value

    @field_validator("public_key")
    @classmethod
    def _key(cls, value: str) -> str:
        if problem := public_key_problem(value):
            raise ValueError(f"公钥{problem}")
        return value

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def describe(self) -> str:
        return f"{self.name}（{self.uscc}，密钥指纹 {self.fingerprint}）"


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: OneLineText = Field(min_length=1, max_length=255, title="名称")
    size: int = Field(ge=0, title="大小")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", title="校验值")


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Every text is refused with a control character in it (OneLineText), as a form's field
    # is: a NUL would stop a PostgreSQL store, and the text is shown to the other side.
    format: Literal["gxapply.package"] = Field(title="格式")
    # which type may have which: PackageType.readable_versions
    format_version: Literal[1, 2, 3, 4] = Field(title="格式版本")
    type: PackageType = Field(title="类型")
    package_id: Uid = Field(title="包编号")
    app_version: OneLineText = Field(max_length=40, title="软件版本")
    created_at: AwareDatetime = Field(title="导出时间")
    kind: OneLineText = Field(min_length=1, max_length=32, title="申报类别")
    application_uid: Uid = Field(title="申报的唯一标识")
    # 第几版: the enterprise's n-th submission of it
    revision: int = Field(ge=1, le=9999, title="版次")
    # the sender's application number
    number: OneLineText | None = Field(default=None, max_length=40, title="申报编号")
    title: OneLineText = Field(default="", max_length=200, title="申报名称")
    signer: Party = Field(title="签署方")
    members: tuple[Member, ...] = Field(max_length=200, title="成员")


class SubmissionManifest(Manifest):
    type: Literal[PackageType.SUBMISSION]
    catalogue_version: OneLineText = Field(max_length=64, title="政策目录版本")
    addressed_to: ZoneId = Field(default=None, title="报送高新区")  # the receiving office's zone


class DecisionManifest(Manifest):
    type: Literal[PackageType.DECISION]
    # the submission package this decides on
    submission_package_id: Uid = Field(title="所审申报包编号")
    outcome: OutcomeField = Field(title="审核结论")
