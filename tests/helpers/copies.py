"""Two copies of the app on two stores, for the exchange tests: an enterprise and a park office."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.accounts import AccountRecord, Accounts
from db.decisions import Decisions
from db.exchange import Exchange
from db.models import Base
from db.repository import Store
from db.review import Review
from db.this_copy import OWN_APPLICANT_SETTING
from forms.applicant import ApplicantProfile
from forms.core.document import ApplicationDocument
from forms.core.workflow import Status
from tests.helpers.databases import store_url_in
from tests.helpers.examples import example_document, example_json
from tests.helpers.materials import plus_required_materials

# The park office that receives each example: the zone committee of the applicant's 高新区.
OFFICE_OF = {"incubator": "enclave", "rd_subsidy": "new_track"}


@dataclass
class Copy:
    """One copy of the app: its store and the exchange, review and accounts over it."""

    store: Store

    @cached_property
    def exchange(self) -> Exchange:
        return Exchange(self.store)

    @cached_property
    def review(self) -> Review:
        return Review(self.store)

    @cached_property
    def decisions(self) -> Decisions:
        return Decisions(self.store)

    @cached_property
    def accounts(self) -> Accounts:
        return Accounts(self.store)


def own_profile(store: Store, example: str) -> None:
    """The copy's own profile (which signs an office's decisions): the example's applicant."""
    profile = ApplicantProfile.model_validate(example_json(example)["applicant"])
    store.set_setting(OWN_APPLICANT_SETTING, str(store.save_applicant(profile)))


def open_copy(folder: Path, own_profile_of: str | None = None) -> Copy:
    """A store in its own folder (so its own key file); an office gets its own profile."""
    store = Store.open(store_url_in(folder))
    if own_profile_of:
        own_profile(store, own_profile_of)
    Exchange(store).fingerprint  # noqa: B018 (make the key now, so later dumps compare alike)
    return Copy(store)


def officer(copy: Copy) -> AccountRecord:
    accounts = copy.accounts
    if not accounts.has_accounts():
        accounts.create("wangfang", "王芳", "审核密码2026")
    return accounts.sign_in("wangfang", "审核密码2026")


def submit(copy: Copy, kind: str = "incubator", doc: ApplicationDocument | None = None) -> int:
    """An example filled in at the enterprise and marked 待提交."""
    app_id = copy.store.import_document(plus_required_materials(doc or example_document(kind)))
    copy.store.change_status(app_id, Status.READY)
    return app_id


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to show that a refusal changed nothing."""
    with store.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).all()
            ]
            for table in Base.metadata.sorted_tables
        }
