"""One of several processes saving to one store at once (tests/unit/db/test_concurrent_writers.py).

Prints one line per refused save and ``done N`` with the number of saves that went through.
"""

from __future__ import annotations

import sys

from db.errors import StoreError
from db.repository import Store


def main(url: str, application_id: int, saves: int) -> None:
    store = Store.open(url)
    done = 0
    for n in range(saves):
        record = store.load(application_id)  # read, then write: the case that failed at once
        data = record.form.model_dump(mode="json")
        data["carrier_name"] = f"并发保存第{n}次"
        try:
            store.save_draft(application_id, data)
            done += 1
        except StoreError as exc:
            print(f"refused: {exc}", flush=True)
    store.close()
    print(f"done {done}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
