"""The exit statuses every command of the project shares (docs/OPERATIONS.md, "Exit status")."""

#: The job is done.
EXIT_OK = 0
#: The job could not be done (a crawl that failed, a reparse that met a damaged or torn file).
EXIT_FAILED = 1
#: A bad argument, setting or file, found before any request and before anything was written.
EXIT_USAGE = 2
#: A crawl wrote its items, but the portal's markup drifted (fields served below the portal layer).
EXIT_DRIFT = 3
#: A crawl with a JOBDIR was paused (Ctrl-C): the same command resumes it.
EXIT_PAUSED = 4
