"""The programme file: a whole programme as one validated YAML file (see docs/programme-file.md)."""

from copilote.programmes.programme_file.reader import ProgrammeFileError, import_programme, parse
from copilote.programmes.programme_file.schema import full_schema
from copilote.programmes.programme_file.sections import Section, register
from copilote.programmes.programme_file.writer import dump, export_programme

__all__ = [
    "ProgrammeFileError",
    "Section",
    "dump",
    "export_programme",
    "full_schema",
    "import_programme",
    "parse",
    "register",
]
