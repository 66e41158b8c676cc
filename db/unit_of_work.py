"""The store's unit of work: sessions that read, sessions that write one whole transaction, and
the database's failures said in Chinese. Every db/ module reads and writes through it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DatabaseError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from db.changes import StoreChanges
from db.engine import BUSY_TIMEOUT_S, writing
from db.errors import (
    ConnectionLost,
    NotFound,
    StoreBusyError,
    StoreError,
    WriteCollision,
)
from db.live import ChangeListener, announce, announcing
from db.models import Application
from db.opening import StoreDamaged, damaged, damaged_message
from db.server_errors import outcome_unknown, server_error
from forms.core.catalogue import Catalogue, load_catalogue
from forms.core.errors import UserError
from forms.core.workflow import TransitionError

READ_ONLY_MESSAGE = (
    "数据文件为只读（位于只读的磁盘或文件夹，或文件设为只读），可以查看、导出和打印，但不能保存。"
    "请将数据文件复制到可写的位置，或取消其只读属性后重新打开程序"
)

RECEIVED_READ_ONLY = (
    "这份申报是从申报包收到的，本机不能修改其内容或状态；如需更正，请在审核中“退回补正”，"
    "由申报单位修改后重新提交"
)


def write_error(exc: Exception) -> StoreError:
    """What a failed write means for the user, from the database's (English) error."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return StoreError(READ_ONLY_MESSAGE)
    if damaged(exc):
        return StoreDamaged(damaged_message(None))
    if "full" in text:
        return StoreError("磁盘空间不足，无法保存。请清理磁盘后重试，已填写的内容仍在窗口中")
    if "i/o" in text:
        return StoreError(
            "读写数据库文件时磁盘出错，未保存。请检查磁盘或 U 盘是否已拔出、网络盘是否断开，"
            "然后重试；已填写的内容仍在窗口中"
        )
    if "locked" in text or "busy" in text:
        return StoreBusyError(
            f"数据库被其他程序（或本程序正在进行的另一项操作）占用超过 {BUSY_TIMEOUT_S} 秒，"
            "本次未保存。请稍后重试；已保存的内容未受影响"
        )
    return StoreError(
        "保存失败（数据库出错），已保存的内容未受影响；请重试，如仍失败请告知技术支持"
    )


def _refresh_search_keys(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Application):
            obj.refresh_search()


def _keep_received_read_only(session: Session, _context: Any, _instances: Any) -> None:
    """Nothing of a received application changes here except through the exchange and review
    (which write with ``writing(receiving=True)``, whose sessions lack this hook)."""
    dirty = session.dirty
    for obj in (*session.new, *dirty, *session.deleted):
        row = obj if isinstance(obj, Application) else getattr(obj, "application", None)
        if not isinstance(row, Application) or row.received_at is None:
            continue
        if obj in dirty and not session.is_modified(obj):
            continue
        raise TransitionError(RECEIVED_READ_ONLY)


class UnitOfWork:
    """Reading and writing one database; the hooks are registered on this store's own
    sessions, never on SQLAlchemy's ``Session`` class."""

    def __init__(
        self, engine: Engine, catalogue: Catalogue | None = None, *, read_only: bool = False
    ) -> None:
        self.engine = engine
        self.read_only = read_only  # the file or its folder cannot be written: reading only
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # Writers take SQLite's write lock when they begin, so they wait for one another (up to
        # the busy timeout) instead of failing when a read turns into a write.
        self._writer_sessions = sessionmaker(writing(engine), expire_on_commit=False)
        # The exchange and the review write received applications; no one else may.
        self._receiving_sessions = sessionmaker(writing(engine), expire_on_commit=False)
        for sessions in (self._sessions, self._writer_sessions, self._receiving_sessions):
            event.listen(sessions, "before_flush", _refresh_search_keys)
        event.listen(self._writer_sessions, "before_flush", _keep_received_read_only)
        self._catalogue = catalogue
        # subscribe: told after each write, the exchange's and the review's included
        self.changes = StoreChanges(self._writer_sessions, self._receiving_sessions)
        self._listener: ChangeListener | None = None

    @property
    def listener(self) -> ChangeListener | None:
        """The listener to other desktops' changes while it runs (``listen_to_others``)."""
        return self._listener

    def listen_to_others(self, on_state: Callable[[bool], None] | None = None) -> bool:
        """On a shared server, hear the other desktops' writes too (db/live.py): their changes
        reach ``changes``' subscribers as this process's own do. A no-op on SQLite (False) and
        when already listening. ``on_state(listening)`` follows the listener's connection."""
        if not announcing(self.engine):
            return False
        if self._listener is None:
            self._listener = ChangeListener(self.engine, self.changes, on_state=on_state)
            self._listener.start()
        return True

    def stop_listening(self) -> None:
        """Stop hearing other desktops (at close); at once, waiting for the listener's thread."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue or load_catalogue()

    @contextmanager
    def writing(self, *, receiving: bool = False) -> Iterator[Session]:
        """One transaction that commits whole or not at all; store errors come out in Chinese.

        ``receiving``: for the exchange and the review, which alone may change a received
        application.
        """
        if self.read_only:
            raise StoreError(READ_ONLY_MESSAGE)
        sessions = self._receiving_sessions if receiving else self._writer_sessions
        committing = False
        try:
            with sessions() as session, session.begin():
                yield session
                session.flush()  # a failure before COMMIT is sent: nothing was saved
                announce(session, self.changes.origin)  # other desktops hear it on commit
                committing = True  # from here a broken connection leaves the outcome unknown
        except UserError:  # already says what is wrong, in Chinese
            raise
        except DBAPIError as exc:
            said = self._database_error(exc, committing=committing)
            if said is None:
                raise  # a bug (a wrong statement): reported as one
            raise said from exc
        except StaleDataError as exc:
            raise WriteCollision(self.changed_elsewhere) from exc
        except OSError as exc:
            raise write_error(exc) from exc
        # Committed: tell the subscribers what changed (db/changes.py).
        self.changes.committed(session)

    @property
    def someone_else(self) -> str:
        """Who else may have written: on a shared server, another officer's desktop too."""
        if self.engine.dialect.name == "sqlite":
            return "另一个窗口"
        return "另一位审核人员"

    @property
    def changed_elsewhere(self) -> str:
        """An application saved meanwhile by someone else: what to tell the one saving now."""
        return (
            f"该申报已在别处被修改（可能是{self.someone_else}刚刚修改过），请关闭后重新打开再修改"
        )

    def _server_error(self, exc: DBAPIError, *, reading: bool = False) -> StoreError | None:
        if self.engine.dialect.name == "sqlite":
            return None  # SQLite's own failures are said by write_error
        return server_error(exc, self.engine.url.database or "", reading=reading)

    def _database_error(self, exc: DBAPIError, *, committing: bool) -> StoreError | None:
        """A failed write said in Chinese; ``committing``: it failed while COMMIT was under way.

        A broken connection during COMMIT may or may not have saved: never "未受影响" then."""
        if isinstance(exc, IntegrityError):
            # not exc.orig: the database's English, kept in the chained error
            return WriteCollision(
                "数据冲突，未保存：与已保存的数据重复或不一致"
                f"（可能{self.someone_else}刚刚保存过同一份数据）。请关闭后重新打开再试"
            )
        said = self._server_error(exc)
        if committing and (exc.connection_invalidated or isinstance(said, ConnectionLost)):
            return outcome_unknown()
        if said is not None and not isinstance(said, ConnectionLost):
            # refused before anything was sent: say so, as write_error does for SQLite
            return type(said)(f"{said.message}。本次未保存，已填写的内容仍在窗口中")
        if said is not None:
            return said
        if isinstance(exc, OperationalError):
            return write_error(exc)
        return None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session to read in; damaged or unreadable data comes out as a StoreError."""
        try:
            with self._sessions() as session:
                yield session
        except json.JSONDecodeError as exc:  # a JSON column that is not JSON
            raise StoreDamaged(
                "数据文件中有一份申报的内容已损坏（不是有效的数据），无法打开。"
                "请用“文件 › 数据检查”查看是哪一份，并从备份恢复"
            ) from exc
        except DBAPIError as exc:  # a dropped connection may be an InterfaceError
            if isinstance(exc, DatabaseError) and damaged(exc):
                raise StoreDamaged(damaged_message(Path(self.engine.url.database or ""))) from exc
            said = self._server_error(exc, reading=True)
            if said is not None:
                raise said from exc
            if isinstance(exc, OperationalError) and "i/o" in str(exc).lower():
                raise StoreError(
                    "读取数据库文件时磁盘出错。请检查磁盘、U 盘或网络盘后重试"
                ) from exc
            raise

    @staticmethod
    def application(session: Session, application_id: int) -> Application:
        """The application row with this id, in a session of ``reading``/``writing``."""
        row = session.get(Application, application_id)
        if row is None:
            raise NotFound(f"找不到编号为 {application_id} 的申报")
        return row
