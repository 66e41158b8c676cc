"""One officer's desktop of a park office on a shared server store, as a process of its own
(tests/unit/db/test_office_key.py): its own data folder (GXAPPLY_HOME, set by the caller), its
own Store, one act per run. Prints ``fingerprint <fp>`` and what the act gave.

Acts:
  create <passphrase>                      make the office key (the first officer)
  race <passphrase> <name>                 make one at the same moment as the other desktops:
                                           prints ``ready``, waits for ``go`` on stdin
  card <passphrase> <file>                 export the office card (signed) to a file
  decide <application id>                  an officer decides 退回补正 on it (no passphrase)
  export <passphrase> <application id> <file>   export the latest decision to a file
  unlock <passphrase>                      open the office key (refused: ``refused <message>``)
  change <old> <new> <name>                change the passphrase at the same moment as another
                                           desktop: prints ``ready`` and waits for ``go``; once
                                           the key is opened and sealed anew prints ``sealed``
                                           and waits for ``write``; then ``changed`` or
                                           ``refused <class> <message>``
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from db import office_key
from db.accounts import Accounts
from db.decisions import Decisions
from db.exchange import Exchange
from db.office_key import change_office_passphrase, create_office_key, unlock_office_key
from db.offices import Offices
from db.repository import Store
from db.review import Review
from forms.core.errors import UserError
from forms.exchange.review import Outcome, Reason

OFFICER = ("lisi", "李四", "审核密码2026")
ROOT = Path(__file__).resolve().parents[2]


def started(url: str, home: Path, *args: str) -> subprocess.Popen[str]:
    """This module as an officer's desktop of its own (data folder ``home``) doing one act,
    to be spoken to on stdin and heard on stdout: for the acts that wait for a word."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.office_desktop", url, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "GXAPPLY_HOME": str(home)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def main(url: str, act: str, *args: str) -> None:
    store = Store.open(url)
    try:
        if act == "create":
            create_office_key(store, args[0], actor="王芳（wangfang）")
        elif act == "race":
            store.get_setting("warm")  # connected and migrated before the start line
            print("ready", flush=True)
            assert sys.stdin.readline().strip() == "go"
            try:
                create_office_key(store, args[0], actor=args[1])
                print("created", flush=True)
            except UserError as exc:
                print(f"refused {type(exc).__name__}", flush=True)
        elif act == "card":
            unlock_office_key(store, args[0])
            content, _name = Offices(store).export_card()
            Path(args[1]).write_bytes(content)
        elif act == "decide":
            accounts = Accounts(store)
            if not accounts.has_accounts():
                accounts.create(*OFFICER)
            officer = accounts.sign_in(OFFICER[0], OFFICER[2])
            review = Review(store)
            office_id = int(args[0])
            rule = next(
                r.rule_id
                for r in review.office_report(office_id).results
                if r.verdict.name == "MANUAL"
            )
            review.record_decision(
                office_id,
                Outcome.RETURN,
                officer=officer,
                reasons=[Reason(rule_id=rule, message="请补充原件扫描件")],
            )
        elif act == "export":
            unlock_office_key(store, args[0])
            decisions = Decisions(store)
            exported = decisions.decision_package(int(args[1]))
            Path(args[2]).write_bytes(exported.content)
            decisions.record_sent(exported, actor="张三（zhangsan）")
        elif act == "change":
            change_at_once(store, *args)
        elif act == "unlock":
            try:
                unlock_office_key(store, args[0])
                print("unlocked", flush=True)
            except UserError as exc:
                print(f"refused {exc.message}", flush=True)
        print(f"fingerprint {Exchange(store).fingerprint}", flush=True)
    finally:
        store.close()


def change_at_once(store: Store, old: str, new: str, name: str) -> None:
    """``change_office_passphrase`` held between its sealing and its write, so that both desktops
    have opened the same sealing before either writes: the case a version check must catch."""
    derive = office_key._derive
    calls = 0

    def held(*args: object) -> bytes:
        nonlocal calls
        derived = derive(*args)  # type: ignore[arg-type]
        calls += 1
        if calls == 2:  # the first opens with ``old``, the second seals with ``new``
            print("sealed", flush=True)
            assert sys.stdin.readline().strip() == "write"
        return derived

    office_key._derive = held  # type: ignore[assignment]
    store.get_setting("warm")  # connected before the start line
    print("ready", flush=True)
    assert sys.stdin.readline().strip() == "go"
    try:
        change_office_passphrase(store, old, new, actor=name)
        print("changed", flush=True)
    except UserError as exc:
        print(f"refused {type(exc).__name__} {exc.message}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *sys.argv[3:])
