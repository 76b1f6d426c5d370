"""The `copilote` command: Django's manage command plus the project's own commands."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copilote.settings")
    if sys.argv[1:2] == ["demo"]:
        # The demo runs over plain HTTP on 127.0.0.1 with its own relaxed settings.
        os.environ.setdefault("COPILOTE_DEMO", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
