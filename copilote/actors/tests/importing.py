"""The import of the actors' tests: a file read and checked as the import page shows it, then
imported as its « Importer » button does."""

from copilote.actors import tabular


def check(target: str, programme, filename: str, content: bytes) -> list[dict]:
    """The rows of ``content`` read and checked (each with its ``line`` and ``errors``)."""
    rows = tabular.read_rows(target, filename, content)
    return tabular.check_rows(target, programme, rows)


def import_file(
    programme, user, target: str, content: bytes, *, filename: str = "a.csv", only_valid=False
) -> int:
    """:func:`check` then import the file's rows (all or nothing unless ``only_valid``)."""
    rows = check(target, programme, filename, content)
    return tabular.import_rows(
        user=user, programme=programme, target=target, rows=rows, only_valid=only_valid
    )
