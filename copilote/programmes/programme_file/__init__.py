"""The programme file: a whole programme as one validated YAML file (see docs/programme-file.md)."""

from copilote.programmes.programme_file.reader import ProgrammeFileError, import_programme, parse
from copilote.programmes.programme_file.schema import SCHEMA
from copilote.programmes.programme_file.writer import dump, export_programme

__all__ = ["SCHEMA", "ProgrammeFileError", "dump", "export_programme", "import_programme", "parse"]
