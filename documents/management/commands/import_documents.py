import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.importer import Importer, read_rows


class Command(BaseCommand):
    help = (
        "Import legal documents from a CSV or JSON file (columns are documented in documents/importer.py "
        "and the README). Creates or updates by số hiệu and issuer; reports each bad row."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, file, no_progress, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}")
        show = not no_progress and sys.stderr.isatty()

        def progress(done, total):
            if show and total:
                width = 30
                filled = width * done // total
                sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
                if done == total:
                    sys.stderr.write("\n")
                sys.stderr.flush()

        try:
            rows = list(read_rows(path))
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc}") from exc
        report = Importer(base_dir=path.parent, progress=progress).run(rows)
        for error in report.errors:
            self.stderr.write(f"Lỗi {error}")
        self.stdout.write(
            f"Đã đọc {len(rows)} dòng: {report.created} văn bản mới, {report.updated} cập nhật, "
            f"{report.unchanged} không đổi, {len(report.errors)} lỗi."
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} dòng lỗi không được nhập; các dòng khác đã được nhập.")
