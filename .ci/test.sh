#!/usr/bin/env bash
# The tests, as the README and CI run them: every test on SQLite (the default store), then the
# tests that use a store once more, each on a fresh database of a private PostgreSQL server
# (.ci/postgres.sh: started here, stopped when this script ends). Arguments go to both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
# One worker per core (pytest-xdist): each has its own SQLite files and its own PostgreSQL
# databases (tests/helpers/databases.py names them by process).
set -- -n auto "$@"

started=$SECONDS
"$PYTHON" -m pytest "$@"
sqlite_seconds=$((SECONDS - started))

# shellcheck source=.ci/postgres.sh
source .ci/postgres.sh
started=$SECONDS
start_postgres
echo "在 PostgreSQL 上再次运行使用数据库的测试……"
"$PYTHON" -m pytest "$@" || [ $? -eq 5 ]  # 5: none of the tests named uses a store
echo "用时：SQLite ${sqlite_seconds} 秒，PostgreSQL $((SECONDS - started)) 秒（含启动服务器）"
