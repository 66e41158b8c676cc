"""What ``gxapply`` returns to a script, one table for every command (and the desktop app)."""

EXIT_OK = 0
EXIT_RULES_FAILED = 1  # validate: some rule fails
EXIT_PROBLEMS = 1  # check: the store has problems
EXIT_BAD_INPUT = 2  # a file, an argument or the store could not be used
EXIT_ALREADY_RUNNING = 3  # another copy of the desktop app holds the store
