"""A store on a database server: each way of failing to reach it or losing it is said in
Chinese as what it is (cannot connect, wrong password, no such database, connection lost, save
outcome unknown), never with the address or the password; a dropped connection is replaced
before the next read (pre-ping).

The driver's real errors come from a stand-in server (tests/helpers/fake_server.py) and, where
``GXAPPLY_TEST_DATABASE_URL`` names one, from a real PostgreSQL server.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, text

from db.errors import (
    ConnectionLost,
    SaveOutcomeUnknown,
    ServerDatabaseMissing,
    ServerLoginRefused,
    ServerUnreachable,
    StoreError,
)
from db.repository import Store
from tests.helpers.examples import example_document
from tests.helpers.fake_server import LOGIN_REFUSED, NO_DATABASE, closed_port, fake_server
from tests.helpers.server import (
    admin_statement,
    own_server,
    role_owned_database,
    upgraded,
)

pytest.importorskip("psycopg")

PASSWORD = "Sec!ret-42"
NO_UNKNOWN_CLAIM = "未受影响"


def assert_says_nothing_of_the_address(message: str, port: int | None = None) -> None:
    assert PASSWORD not in message and "postgresql" not in message and "://" not in message
    assert port is None or str(port) not in message
    assert re.search(r"[\u4e00-\u9fff]", message), message


def open_failure(url: str) -> StoreError:
    with pytest.raises(StoreError) as refused:
        Store.open(url)
    return refused.value


def test_a_server_that_is_off_cannot_be_connected_to():
    port = closed_port()
    error = open_failure(f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:{port}/gxapply")
    assert type(error) is ServerUnreachable
    assert "无法连接数据库服务器" in error.message and "网络" in error.message
    assert_says_nothing_of_the_address(error.message, port)


def test_a_host_that_does_not_exist_cannot_be_connected_to():
    error = open_failure(f"postgresql+psycopg://officer:{PASSWORD}@no-such-host.invalid/gx")
    assert type(error) is ServerUnreachable
    assert "no-such-host" not in error.message


def test_a_server_that_never_answers_is_given_up_on_after_the_connect_timeout(monkeypatch):
    import time

    from db import engine

    assert engine.SERVER_CONNECT_ARGS["postgresql"]["connect_timeout"] == engine.CONNECT_TIMEOUT_S
    monkeypatch.setitem(engine.SERVER_CONNECT_ARGS, "postgresql", {"connect_timeout": 2})
    with fake_server(None, silent=True) as port:
        began = time.monotonic()
        error = open_failure(f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:{port}/gx")
        waited = time.monotonic() - began
    assert type(error) is ServerUnreachable
    assert waited < 10  # never the minutes of the system's own TCP timeout


def test_server_engines_check_a_pooled_connection_before_use():
    from db.engine import make_engine

    engine = make_engine(f"postgresql+psycopg://officer@127.0.0.1:{closed_port()}/gx")
    assert engine.pool._pre_ping  # what create_engine(pool_pre_ping=True) sets
    engine.dispose()


def test_a_refused_password_is_said_as_one():
    with fake_server(LOGIN_REFUSED) as port:
        error = open_failure(f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:{port}/gxapply")
    assert type(error) is ServerLoginRefused
    assert "密码不正确" in error.message and "管理员" in error.message
    assert_says_nothing_of_the_address(error.message, port)


def test_a_missing_database_is_named():
    with fake_server(NO_DATABASE) as port:
        error = open_failure(f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:{port}/gxapply")
    assert type(error) is ServerDatabaseMissing
    assert "“gxapply”" in error.message and "管理员" in error.message
    assert_says_nothing_of_the_address(error.message, port)


def test_a_server_that_hangs_up_is_a_lost_connection():
    with fake_server(None) as port:
        error = open_failure(f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:{port}/gxapply")
    assert type(error) is ConnectionLost
    assert "连接已断开" in error.message and NO_UNKNOWN_CLAIM not in error.message


def test_a_malformed_address_is_refused_without_showing_it():
    error = open_failure(f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:notaport/gx")
    assert "格式不正确" in error.message
    assert_says_nothing_of_the_address(error.message)
    assert error.__cause__ is None  # the parser's error quotes the address: not kept


def test_a_connection_broken_during_commit_never_claims_the_save_was_or_was_not_made(store):
    """SQLite too: the connection is closed just as COMMIT is sent."""
    app_id = store.import_document(example_document("incubator"))

    def close_it(connection) -> None:
        connection.connection.dbapi_connection.close()

    event.listen(store.engine, "commit", close_it)
    try:
        with pytest.raises(SaveOutcomeUnknown) as unknown:
            store.set_setting("note", "x")
    finally:
        event.remove(store.engine, "commit", close_it)
    message = unknown.value.message
    assert "无法确定" in message and "重新打开" in message and NO_UNKNOWN_CLAIM not in message
    assert store.load(app_id).id == app_id  # the store goes on with a new connection


# --- against a real PostgreSQL server ----------------------------------------------------------


@pytest.fixture
def server_store(server_database):
    store = Store.open(server_database)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def officer(server):
    """A database owned by a role that signs in with PASSWORD; that role's URL (with it)."""
    from sqlalchemy.engine import make_url

    with role_owned_database(server, PASSWORD) as url:
        yield make_url(url).set(password=PASSWORD).render_as_string(hide_password=False)


def _backend_pid(store: Store) -> int:
    with store.reading() as session:
        return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_the_first_read_after_the_server_dropped_the_connection_works(server, server_store):
    app_id = server_store.import_document(example_document("incubator"))
    # a server restart, an idle timeout, a network cut
    admin_statement(server, "SELECT pg_terminate_backend(%s)", _backend_pid(server_store))
    assert server_store.load(app_id).id == app_id  # pre-ping: a new connection


def test_a_connection_lost_mid_save_saves_nothing_and_says_so(server, server_store):
    with pytest.raises(ConnectionLost) as lost, server_store.writing() as session:
        session.execute(text("SELECT 1"))
        pid = int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
        admin_statement(server, "SELECT pg_terminate_backend(%s)", pid)
        session.execute(text("SELECT 1"))
    assert type(lost.value) is ConnectionLost
    assert "未保存任何更改" in lost.value.message
    assert server_store.get_setting("missing") is None  # and the next read works


def test_a_connection_lost_during_commit_says_the_outcome_is_unknown(server, server_store):
    def terminate_before_commit(connection) -> None:
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        admin_statement(server, "SELECT pg_terminate_backend(%s)", int(pid))

    event.listen(server_store.engine, "commit", terminate_before_commit)
    try:
        with pytest.raises(SaveOutcomeUnknown) as unknown:
            server_store.set_setting("note", "x")
    finally:
        event.remove(server_store.engine, "commit", terminate_before_commit)
    assert NO_UNKNOWN_CLAIM not in unknown.value.message
    assert server_store.get_setting("note") is None  # what happened, found by reading again


def test_a_missing_database_on_a_real_server(server):
    from sqlalchemy.engine import make_url

    missing = make_url(server).set(database="gx_not_there").render_as_string(False)
    error = open_failure(missing)
    assert type(error) is ServerDatabaseMissing and "gx_not_there" in error.message


def _refused_or_skip(url: str) -> ServerLoginRefused:
    try:
        Store.open(url).close()
    except ServerLoginRefused as refused:
        return refused
    pytest.skip("the test server trusts every login (pg_hba.conf 'trust')")


def test_a_wrong_password_on_a_real_server(officer):
    from sqlalchemy.engine import make_url

    wrong = make_url(officer).set(password="not-the-password").render_as_string(False)
    refused = _refused_or_skip(wrong)
    assert_says_nothing_of_the_address(refused.message)
    Store.open(officer).close()  # the right one gets in


def test_a_password_changed_on_the_server_refuses_the_next_save(server, officer):
    from sqlalchemy.engine import make_url

    store = Store.open(officer)
    try:
        store.engine.dispose()  # the pool's connections end (a restart, an idle timeout)
        role = make_url(officer).username
        admin_statement(server, f"ALTER ROLE \"{role}\" PASSWORD 'changed-by-the-admin'")
        try:
            store.set_setting("note", "x")
        except ServerLoginRefused as refused:
            assert "本次未保存" in refused.message
        else:
            pytest.skip("the test server trusts every login (pg_hba.conf 'trust')")
    finally:
        store.close()


def test_a_row_changed_by_another_desktop_names_another_officer(server_store):
    from db.errors import ConflictError
    from db.models import Application

    app_id = server_store.import_document(example_document("incubator"))
    other = Store.open(server_store.engine.url.render_as_string(hide_password=False))
    try:
        with pytest.raises(ConflictError) as conflict, server_store.writing() as session:
            row = session.get(Application, app_id)
            assert row is not None
            with other.writing() as theirs:  # another officer's desktop saves it meanwhile
                their_row = theirs.get(Application, app_id)
                assert their_row is not None
                their_row.title = "另一位审核人员改的"
            row.title = "本机改的"
    finally:
        other.close()
    assert "另一位审核人员" in conflict.value.message


def test_a_server_stopped_mid_session_and_started_again():
    """The server goes down under an open store: reads and saves say it cannot be reached (and
    that nothing was saved); once it is back, the same store works without a restart."""
    with own_server() as (server, stop, start):
        store = Store.open(upgraded(server))
        try:
            app_id = store.import_document(example_document("incubator"))
            stop()
            with pytest.raises(ServerUnreachable):
                store.load(app_id)
            with pytest.raises(ServerUnreachable) as unsaved:
                store.set_setting("note", "x")
            assert "本次未保存" in unsaved.value.message
            assert NO_UNKNOWN_CLAIM not in unsaved.value.message
            start()
            assert store.load(app_id).id == app_id
            store.set_setting("note", "y")
            assert store.get_setting("note") == "y"
        finally:
            store.close()
