"""This copy's own profile (申报主体; at a park office, the office's own), saved only over the
version its editor was opened with: two desktops editing it at once never silently lose one
change, the second is told that another officer changed it and may reload it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.applicants import write_applicant
from db.audit import SYSTEM_ACTOR
from db.errors import ConflictError
from db.models import Applicant, Setting
from db.races import OFFICE_PROFILE, serialise
from db.repository import Store
from db.this_copy import OWN_APPLICANT_SETTING
from forms.applicant import ApplicantProfile


class OwnProfileChanged(ConflictError):
    """The own profile was saved elsewhere since the editor showed it; nothing was saved."""

    def __init__(self, someone_else: str, name: str) -> None:
        now = f"（现为“{name}”）" if name else ""
        super().__init__(
            f"{someone_else}刚刚修改了本单位的申报主体信息{now}，您的修改未保存，以免覆盖对方的修改。"
            "请重新载入，查看对方保存的内容后，再把您的修改重新填上并保存"
        )


def _own_profile(session: Session) -> dict[str, Any] | None:
    setting = session.get(Setting, OWN_APPLICANT_SETTING, populate_existing=True)
    if setting is None or not setting.value.isdigit():
        return None
    return session.scalar(select(Applicant.profile).where(Applicant.id == int(setting.value)))


def own_profile_data(store: Store) -> dict[str, Any] | None:
    """The own profile as stored (what an editor shows, and hands back as ``seen``)."""
    with store.reading() as session:
        return _own_profile(session)


def save_own_profile(
    store: Store,
    profile: ApplicantProfile,
    *,
    seen: dict[str, Any] | None,
    actor: str = SYSTEM_ACTOR,
) -> int:
    """Save ``profile`` as this copy's own, if the own profile is still ``seen`` (as the editor
    showed it; None: there was none yet). Else OwnProfileChanged, and nothing is saved: a save
    of the very same content goes through."""
    new = profile.model_dump(mode="json")
    with store.writing() as session:
        serialise(session, OFFICE_PROFILE)  # the check and the write, one desktop at a time
        current = _own_profile(session)
        if current is not None and current != seen and current != new:
            raise OwnProfileChanged(store.someone_else, str(current.get("name") or ""))
        row = write_applicant(session, profile, actor)
        session.merge(Setting(key=OWN_APPLICANT_SETTING, value=str(row.id)))
        return row.id
