"""Every error a user sees is a UserError, provoked here through its real path, and what the user
is shown of it (by the command line's one catch point and by the desktop app's) is Chinese.

The scenarios cover every UserError subclass in the program: a new subclass without a scenario
fails ``test_every_user_error_has_a_scenario``.
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import app
import db
import forms
from app.cli import main, report_error
from forms.core.errors import UserError
from tests.helpers.examples import example_document, example_json

# Tokens that may stand in a Chinese message as they are: formats, standards, and words of ours
# the user types or reads on screen. Anything else in ASCII letters is English that leaked.
ALLOWED_WORDS = frozenset(
    {"PDF", "SHA", "JSON", "ZIP", "zip", "USCC", "UTF", "MB", "KB", "GB", "Excel", "U"}
    | set(forms.all_forms())  # the kinds, as typed on the command line: incubator, new_track…
)
CODE = re.compile(r"[A-Za-z]*\d[A-Za-z0-9]*")  # a number, an application number GX…, a version
FILE_NAME = re.compile(
    r"[\w\-.]+\.(json|gxpkg|gxdec|gxbak|pdf|toml|sqlite3|txt|xlsx)(?![A-Za-z0-9])"
)


def english_words(text: str, *, paths: tuple[Path, ...] = ()) -> list[str]:
    """ASCII words in ``text`` that are not allowed tokens, codes, paths or file names."""
    for path in sorted(paths, key=lambda p: -len(str(p))):
        text = text.replace(str(path), "")
    text = FILE_NAME.sub("", text)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_]*", text)
    return [w for w in words if w not in ALLOWED_WORDS and not CODE.fullmatch(w)]


def test_the_checker_finds_english_and_lets_codes_through(tmp_path):
    assert english_words("数据冲突，未保存：UNIQUE constraint failed") == [
        "UNIQUE",
        "constraint",
        "failed",
    ]
    assert english_words("保存失败（OperationalError）") == ["OperationalError"]
    shown = (
        f"无法写入 {tmp_path / '申报'}：GX20260000001 的 PDF、第 2 版 v2.json、store.sqlite3已损坏"
    )
    assert english_words(shown, paths=(tmp_path,)) == []


# --- the scenarios: each provokes one kind of refusal through the code that raises it ----------


def _store(folder: Path, documents: int = 1):
    from db.repository import Store

    store = Store.open(f"sqlite:///{folder / 'store.sqlite3'}")
    ids = [store.import_document(example_document("incubator")) for _ in range(documents)]
    return store, ids


def bad_json_file(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from forms.core.document import load_json_file

    path = tmp_path / "申报.json"
    path.write_text('{"format": "gxapply.application",', encoding="utf-8")
    load_json_file(path)


def wrong_field(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    store, (app_id,) = _store(tmp_path)
    data = example_json("incubator")["data"] | {"tenant_count": "很多"}
    store.save_draft(app_id, data)


def draft_with_typed_values_exported(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.drafts import save_as_typed

    store, (app_id,) = _store(tmp_path)
    save_as_typed(store, app_id, example_json("incubator")["data"] | {"tenant_count": "很多"})
    store.export_document(app_id)


def wrong_transition(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from forms.core.workflow import Status

    store, (app_id,) = _store(tmp_path)
    store.change_status(app_id, Status.RECOMMENDED)


def wrong_password(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.accounts import Accounts

    store, _ = _store(tmp_path, 0)
    accounts = Accounts(store)
    accounts.create("wangfang", "王芳", "correct horse")
    accounts.sign_in("wangfang", "wrong horse")


def sign_in_wait(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.accounts import Accounts, SignInError

    store, _ = _store(tmp_path, 0)
    accounts = Accounts(store)
    accounts.create("wangfang", "王芳", "correct horse")
    for _ in range(accounts.policy.max_failures):
        with contextlib.suppress(SignInError):
            accounts.sign_in("wangfang", "wrong horse")
    accounts.sign_in("wangfang", "correct horse")  # refused: the wait runs


def wrong_recovery_code(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.accounts import Accounts

    store, _ = _store(tmp_path, 0)
    accounts = Accounts(store)
    accounts.create("wangfang", "王芳", "correct horse")
    accounts.recover("wangfang", "AAAA-BBBB-CCCC-DDDD", "new horse battery")


def read_only_store(tmp_path: Path, mp: pytest.MonkeyPatch) -> None:
    import db.opening
    from db.repository import Store

    store, (app_id,) = _store(tmp_path)
    store.close()
    mp.setattr(db.opening, "writable", lambda _path: False)  # as on a read-only disk
    store = Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    assert store.read_only
    store.delete_application(app_id)


def busy_store(tmp_path: Path, mp: pytest.MonkeyPatch) -> None:
    import db.engine

    store, (app_id,) = _store(tmp_path)
    store.close()
    mp.setattr(db.engine, "BUSY_TIMEOUT_S", 0)  # give up at once, not after five seconds
    from db.repository import Store

    store = Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    other = sqlite3.connect(tmp_path / "store.sqlite3")
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        store.delete_application(app_id)
    finally:
        other.rollback()
        other.close()


def changed_elsewhere(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    store, (app_id,) = _store(tmp_path)
    record = store.load(app_id)
    data = record.form.model_dump(mode="json")
    store.save_draft(app_id, data, expected_revision=record.revision)  # another window
    store.save_draft(app_id, data, expected_revision=record.revision)


def key_taken_meanwhile(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.models import Applicant

    store, _ = _store(tmp_path)
    uscc = example_json("incubator")["applicant"]["uscc"]
    with store.writing() as session:  # as a desktop that read before another's row was committed
        session.add(Applicant(uscc=uscc, name="同一单位", profile={}))


def own_profile_saved_elsewhere(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.own_profile import own_profile_data, save_own_profile
    from forms.applicant import ApplicantProfile

    store, _ = _store(tmp_path, 0)
    profile = ApplicantProfile.model_validate(example_json("incubator")["applicant"])
    save_own_profile(store, profile, seen=None)
    seen = own_profile_data(store)  # two desktops show it
    save_own_profile(store, profile.model_copy(update={"contact_person": "甲"}), seen=seen)
    save_own_profile(store, profile.model_copy(update={"contact_person": "乙"}), seen=seen)


def mode_chosen_elsewhere(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.this_copy import Mode, choose_mode

    store, _ = _store(tmp_path, 0)
    choose_mode(store, Mode.PARK_OFFICE, seen=None)  # another desktop, while this one chose
    choose_mode(store, Mode.ENTERPRISE, seen=None)


def not_found(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    store, _ = _store(tmp_path, 0)
    store.load(4242)


def damaged_store(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.repository import Store

    store, ids = _store(tmp_path, 30)
    store.close()
    path = tmp_path / "store.sqlite3"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    store = Store.open(f"sqlite:///{path}")
    for app_id in ids:
        store.load(app_id)


def orphaning_migration(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.engine import run_migration

    store, _ = _store(tmp_path)
    run_migration(store.engine, "0002", downgrade=True)
    with store.engine.connect() as connection:  # an orphan, as a faulty migration would leave
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("DELETE FROM applicants")
        raw.execute("PRAGMA foreign_keys=ON")
    run_migration(store.engine, "head")


def bad_backup_file(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.backup import restore_backup

    store, _ = _store(tmp_path)
    backup = tmp_path / "备份.gxbak"
    backup.write_bytes(b"PK\x03\x04 not really a zip")
    restore_backup(store, backup)


def cancelled_backup(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.backup import make_backup

    store, _ = _store(tmp_path)
    make_backup(store, tmp_path / "备份.gxbak", cancelled=lambda: True)


def hostile_package(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.decisions import Decisions

    store, _ = _store(tmp_path)
    Decisions(store).import_decision(b"not a zip at all", "决定.gxdec")


def missing_catalogue(_tmp: Path, _mp: pytest.MonkeyPatch) -> None:
    from forms.core.catalogue import load_catalogue

    load_catalogue("1999-01")


def bad_zone_register(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from forms.core.zones import import_register, set_user_folder

    set_user_folder(tmp_path / "zones")
    try:
        path = tmp_path / "名录.toml"
        path.write_text('version = "2030-01"\n[[zones]\n', encoding="utf-8")
        import_register(path)
    finally:
        set_user_folder(None)


def unknown_kind(_tmp: Path, _mp: pytest.MonkeyPatch) -> None:
    from forms import get_form

    get_form("不存在")  # as typed


def empty_summary(_tmp: Path, _mp: pytest.MonkeyPatch) -> None:
    from forms.packet.summary_sheet import SummarySheet, render_summary

    render_summary(SummarySheet(office_name="南宁高新区管委会", rows=()))


def unwritable_file(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from app.files import write_file

    write_file(tmp_path / "没有的文件夹" / "申报材料.pdf", b"%PDF-1.4")


def unreadable_attachment(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from app.gui.editor.attachments_tab import store_attachments

    store, (app_id,) = _store(tmp_path)

    class Quiet:
        cancelled = False

        def report(self, _done: int, _total: int) -> None:
            pass

    problems = store_attachments(store, app_id, [tmp_path / "营业执照.pdf"], Quiet())  # type: ignore[arg-type]
    from app.files import FileReadError

    raise FileReadError(problems[0])  # what the tab shows, raised again to be checked here


def lock_folder_is_a_file(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from app.instance_lock import acquire_instance_lock

    (tmp_path / "文件").write_bytes(b"")
    acquire_instance_lock(f"sqlite:///{tmp_path / '文件' / 'store.sqlite3'}")


def summary_of_nothing(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from app.review_prints import summary_pdf
    from tests.helpers.copies import open_copy

    summary_pdf(open_copy(tmp_path, "enclave").store)  # an office with nothing 已推荐


def _server_store(port: int) -> None:
    from db.repository import Store

    pytest.importorskip("psycopg")  # the `postgres` extra: a desktop without it opens SQLite only
    Store.open(f"postgresql+psycopg://officer:mima@127.0.0.1:{port}/nngx2026")  # as named


def server_off(_tmp: Path, _mp: pytest.MonkeyPatch) -> None:
    from tests.helpers.fake_server import closed_port

    _server_store(closed_port())


def server_refuses_password(_tmp: Path, _mp: pytest.MonkeyPatch) -> None:
    from tests.helpers.fake_server import LOGIN_REFUSED, fake_server

    with fake_server(LOGIN_REFUSED) as port:
        _server_store(port)


def server_without_the_database(_tmp: Path, _mp: pytest.MonkeyPatch) -> None:
    from tests.helpers.fake_server import NO_DATABASE, fake_server

    with fake_server(NO_DATABASE) as port:
        _server_store(port)


def server_hangs_up(_tmp: Path, _mp: pytest.MonkeyPatch) -> None:
    from tests.helpers.fake_server import fake_server

    with fake_server(None) as port:
        _server_store(port)


def connection_gone_at_commit(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from sqlalchemy import event

    store, _ids = _store(tmp_path, documents=0)
    event.listen(store.engine, "commit", lambda c: c.connection.dbapi_connection.close())
    store.set_setting("note", "x")


def server_store_not_upgraded(_tmp: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.repository import Store
    from tests.helpers.server import any_server, fresh_database

    with any_server() as server, fresh_database(server) as url:
        Store.open(url)  # an empty database: the administrator has not upgraded it yet


def server_store_newer(_tmp: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.repository import Store
    from tests.helpers.server import admin_statement, any_server, upgraded_database

    with any_server() as server, upgraded_database(server) as url:
        admin_statement(url, "UPDATE alembic_version SET version_num = '0999'")
        Store.open(url)


def upgrade_by_a_data_only_role(_tmp: Path, _mp: pytest.MonkeyPatch) -> None:
    import random

    from db.schema_admin import upgrade_store
    from tests.helpers.server import any_server, fresh_database, office_roles

    clerk = f"王芳{random.randrange(10**6, 10**7)}"  # the user is named in the message
    with (
        any_server() as server,
        fresh_database(server) as url,
        office_roles(server, url, "mima-2026", officer=clerk) as (_owner, officer),
    ):
        upgrade_store(officer)


def copy_of_no_store(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.store_copy import copy_store

    copy_store(f"sqlite:///{tmp_path / '没有.sqlite3'}", "postgresql+psycopg://u@127.0.0.1:1/x")


OFFICE_PASSPHRASE = "南宁高新区审核2026"


def _office_key(seed: int):
    """A fixed key, whose fingerprint (shown in messages) is digits and hex codes only."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from forms.exchange.signing import SigningKey

    return SigningKey(Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32))


def _sealed_office(tmp_path: Path):
    """A store holding an office key sealed with OFFICE_PASSPHRASE (cheap scrypt for a test)."""
    from db.office_key import create_office_key

    store, _ids = _store(tmp_path, documents=0)
    create_office_key(store, OFFICE_PASSPHRASE, key=_office_key(6), n=2**10, actor="王芳")
    return store


def wrong_office_passphrase(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.office_key import unlock_office_key

    unlock_office_key(_sealed_office(tmp_path), "南宁高新区审核2025")


def office_key_not_opened(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.office_key import unlocked_key
    from db.repository import Store

    _sealed_office(tmp_path)
    unlocked_key(Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}"))  # another desktop


def office_key_not_made(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.office_key import unlock_office_key

    store, _ids = _store(tmp_path, documents=0)
    unlock_office_key(store, OFFICE_PASSPHRASE)


def another_office_key(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.office_key import create_office_key

    store = _sealed_office(tmp_path)
    create_office_key(store, OFFICE_PASSPHRASE, key=_office_key(7), n=2**10)


def office_passphrase_changed_meanwhile(tmp_path: Path, mp: pytest.MonkeyPatch) -> None:
    """Another officer seals the key anew between this change's opening and its write."""
    from db import office_key
    from db.office_key import change_office_passphrase
    from db.repository import Store

    store = _sealed_office(tmp_path)
    derive, calls = office_key._derive, []

    def meanwhile(*args):
        calls.append(1)
        if len(calls) == 2:
            mp.setattr(office_key, "_derive", derive)
            other = Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
            change_office_passphrase(
                other, OFFICE_PASSPHRASE, "张三定的口令abc1", actor="张三", n=2**10
            )
        return derive(*args)

    mp.setattr(office_key, "_derive", meanwhile)
    change_office_passphrase(store, OFFICE_PASSPHRASE, "李四定的口令abc1", actor="李四", n=2**10)


def weak_office_passphrase(tmp_path: Path, _mp: pytest.MonkeyPatch) -> None:
    from db.office_key import create_office_key

    store, _ids = _store(tmp_path, documents=0)
    create_office_key(store, "12345678")


Scenario = Callable[[Path, pytest.MonkeyPatch], None]

SCENARIOS: dict[str, tuple[Scenario, str]] = {
    "a bad JSON import": (bad_json_file, "forms.core.document.DocumentError"),
    "a wrong field": (wrong_field, "db.errors.InputError"),
    "a draft with values as typed, exported": (
        draft_with_typed_values_exported,
        "db.unparsed.TypedValuesError",
    ),
    "a wrong transition": (wrong_transition, "forms.core.workflow.TransitionError"),
    "a wrong password": (wrong_password, "db.accounts.SignInError"),
    "a sign-in during the wait": (sign_in_wait, "db.accounts.SignInWait"),
    "a wrong recovery code": (wrong_recovery_code, "db.accounts.RecoveryError"),
    "a read-only store": (read_only_store, "db.errors.StoreError"),
    "a locked store": (busy_store, "db.errors.StoreBusyError"),
    "a row changed elsewhere": (changed_elsewhere, "db.errors.ConflictError"),
    "a unique key taken meanwhile": (key_taken_meanwhile, "db.errors.WriteCollision"),
    "an own profile saved elsewhere": (
        own_profile_saved_elsewhere,
        "db.own_profile.OwnProfileChanged",
    ),
    "a setting chosen elsewhere": (mode_chosen_elsewhere, "db.errors.SettingChanged"),
    "a row that is gone": (not_found, "db.errors.NotFound"),
    "a damaged store": (damaged_store, "db.opening.StoreDamaged"),
    "a migration that would orphan rows": (orphaning_migration, "db.engine.MigrationError"),
    "a bad backup file": (bad_backup_file, "db.backup.BackupError"),
    "a cancelled backup": (cancelled_backup, "db.backup.Cancelled"),
    "a hostile package": (hostile_package, "forms.exchange.errors.PackageError"),
    "a catalogue that is not there": (missing_catalogue, "forms.core.catalogue.CatalogueError"),
    "a broken zone register": (bad_zone_register, "forms.core.zones.ZoneRegisterError"),
    "an unknown form kind": (unknown_kind, "forms.core.registry.UnknownKind"),
    "an empty summary": (empty_summary, "forms.packet.summary_sheet.EmptySummary"),
    "a file that cannot be written": (unwritable_file, "app.files.FileWriteError"),
    "an attachment that cannot be read": (unreadable_attachment, "app.files.FileReadError"),
    "a lock that cannot be made": (lock_folder_is_a_file, "app.instance_lock.LockUnavailable"),
    "a database server that is off": (server_off, "db.errors.ServerUnreachable"),
    "a password the server refuses": (server_refuses_password, "db.errors.ServerLoginRefused"),
    "a server without the database": (
        server_without_the_database,
        "db.errors.ServerDatabaseMissing",
    ),
    "a server that hangs up": (server_hangs_up, "db.errors.ConnectionLost"),
    "a wrong office passphrase": (wrong_office_passphrase, "db.office_key.WrongPassphrase"),
    "an office key not opened": (office_key_not_opened, "db.office_key.OfficeKeyLocked"),
    "an office key not made": (office_key_not_made, "db.office_key.OfficeKeyMissing"),
    "another office key": (another_office_key, "db.office_key.OfficeKeyConflict"),
    "a weak office passphrase": (weak_office_passphrase, "db.office_key.WeakPassphrase"),
    "an office passphrase changed meanwhile": (
        office_passphrase_changed_meanwhile,
        "db.office_key.PassphraseChangedMeanwhile",
    ),
    "a connection gone during commit": (
        connection_gone_at_commit,
        "db.errors.SaveOutcomeUnknown",
    ),
    "a server store not yet upgraded": (
        server_store_not_upgraded,
        "db.schema_admin.SchemaNeedsUpgrade",
    ),
    "a server store newer than the program": (
        server_store_newer,
        "db.schema_admin.SchemaNewerThanProgram",
    ),
    "an upgrade by a data-only role": (
        upgrade_by_a_data_only_role,
        "db.schema_admin.UpgradeNotPermitted",
    ),
    "a copy of a store that is not there": (copy_of_no_store, "db.store_copy.CopyRefused"),
    "a summary with nothing recommended": (
        summary_of_nothing,
        "app.review_prints.ReviewPrintError",
    ),
}


def provoked(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UserError:
    scenario, expected = SCENARIOS[name]
    with pytest.raises(UserError) as caught:
        scenario(tmp_path, monkeypatch)
    error = caught.value
    assert f"{type(error).__module__}.{type(error).__qualname__}" == expected, repr(error)
    return error


def _all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def _import_everything() -> None:
    for package in (forms, db, app):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" in info.name or info.name.endswith("__main__"):
                continue
            importlib.import_module(info.name)


def test_every_user_error_has_a_scenario():
    _import_everything()
    subclasses = {f"{c.__module__}.{c.__qualname__}" for c in _all_subclasses(UserError)}
    covered = {expected for _, expected in SCENARIOS.values()}
    assert subclasses - covered == set(), "a UserError no scenario here provokes"


def test_every_user_error_says_in_its_docstring_what_it_is():
    _import_everything()
    for cls in _all_subclasses(UserError) | {UserError}:
        assert cls.__doc__ and cls.__doc__.strip(), cls


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_command_line_reports_it_in_chinese(name, tmp_path, monkeypatch, capsys):
    error = provoked(name, tmp_path, monkeypatch)
    capsys.readouterr()
    assert report_error(error) == 2
    err = capsys.readouterr().err
    assert re.search(r"[\u4e00-\u9fff]", err), err
    assert "Traceback" not in err and english_words(err, paths=(tmp_path,)) == [], err
    assert error.message in err or all(line.strip() for line in err.splitlines()), err


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_desktop_app_shows_it_in_chinese(name, tmp_path, monkeypatch, dialogs):
    from app.gui.widgets.errors import shows_errors

    error = provoked(name, tmp_path, monkeypatch)
    with shows_errors(None, "标题") as refused:
        raise error
    assert refused.error is error
    assert dialogs == [("标题", error.message)]
    assert re.search(r"[\u4e00-\u9fff]", error.message), error.message
    assert english_words(error.message, paths=(tmp_path,)) == [], error.message


def test_anything_else_is_not_caught_as_a_refusal(dialogs):
    from app.gui.widgets.errors import shows_errors

    with pytest.raises(KeyError), shows_errors(None, "标题"):
        raise KeyError("a bug")  # goes on to the crash handler (程序出错)
    assert dialogs == []


# --- the same refusals through the command line as a user types it ---------------------------


@pytest.fixture
def cli_home(tmp_path, monkeypatch):
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GXAPPLY_DATABASE_URL", raising=False)
    return tmp_path


def _imported_store(folder: Path) -> str:
    store, _ = _store(folder)
    store.close()
    return f"sqlite:///{folder / 'store.sqlite3'}"


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "a bad JSON file": lambda t: ["validate", _written(t / "申报.json", '{"format": 1,')],
    "an unknown kind": lambda _t: ["schema", "不存在"],
    "a catalogue that is not there": lambda t: [
        "validate",
        "--no-store",
        "--catalogue",
        "1999-01",
        _written(t / "申报.json", (Path(__file__).parents[1] / "data" / "incubator.json")),
    ],
    "a hostile package": lambda t: [
        "--db",
        _imported_store(t),
        "decision",
        "import",
        _written(t / "决定.gxdec", "not a zip at all"),
    ],
    "a package export of a draft": lambda t: [
        "--db",
        _imported_store(t),
        "package",
        "export",
        "1",
        "-o",
        str(t),
    ],
    "a bad backup file": lambda t: [
        "--db",
        _imported_store(t),
        "restore",
        _written(t / "备份.gxbak", "PK not a backup"),
    ],
    "an export to a folder that is not there": lambda t: [
        "--db",
        _imported_store(t),
        "export",
        "-o",
        str(t / "没有" / "导出.json"),
    ],
    "a lock that cannot be made": lambda t: [
        "--db",
        f"sqlite:///{_written(t / '文件', '')}/store.sqlite3",
        "restore",
        str(t / "备份.gxbak"),
    ],
}


def _written(path: Path, content: str | Path) -> str:
    text = content.read_text(encoding="utf-8") if isinstance(content, Path) else content
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_refused_command_says_why_in_chinese(name, cli_home, capsys):
    argv = COMMANDS[name](cli_home)
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert re.search(r"[\u4e00-\u9fff]", err) and "Traceback" not in err, err
    assert "程序内部错误" not in err, err
    assert english_words(err, paths=(cli_home,)) == [], err


# --- one catch point each ------------------------------------------------------------------------

# Catches in the desktop app that are not "show the refusal": control flow on one kind of refusal.
CONTROL_FLOW = {
    ("app/gui/officers/officer.py", "SignInError"),  # counts a failed sign-in, then re-raises it
    ("app/gui/backup_dialog.py", "Cancelled"),  # a cancel is no error to show
    ("app/gui/main.py", "LockUnavailable"),  # a read-only store opens without the lock
}


def test_the_desktop_app_catches_refusals_only_through_its_helper():
    import ast

    _import_everything()
    names = {c.__name__ for c in _all_subclasses(UserError)} | {"UserError"}
    root = Path(__file__).resolve().parents[2]
    found = set()
    for path in sorted((root / "app" / "gui").rglob("*.py")):
        where = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                found |= {(where, name) for name in caught & names}
    assert found - CONTROL_FLOW == {("app/gui/widgets/errors.py", "UserError")}
