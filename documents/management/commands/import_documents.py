from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.importer import Importer, read_rows

STAGES = {"rows": "Lưu văn bản", "index": "Cập nhật chỉ mục tìm kiếm"}


class Command(BaseCommand):
    help = (
        "Import legal documents from a CSV or JSON file (columns are documented in documents/importer.py "
        "and the README). Creates or updates by số hiệu and issuer; reports each bad row. A file is "
        "imported whole or not at all, unless --partial."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--partial", action="store_true", help="import the good rows even when some rows have errors"
        )
        parser.add_argument("--no-progress", action="store_true", help="do not show the progress")
        parser.add_argument(
            "--progress-every",
            type=int,
            default=1000,
            help="when the output is not a terminal, print a progress line every N rows (default 1000)",
        )

    def handle(self, *args, file, partial, no_progress, progress_every, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}")
        progress = None if no_progress else self.progress_display(max(progress_every, 1))
        try:
            rows = list(read_rows(path))
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc}") from exc
        report = Importer(base_dir=path.parent, progress=progress).run(rows, partial=partial)
        for error in report.errors:
            self.stderr.write(f"Lỗi {error}")
        if not report.saved:
            self.stdout.write(f"Đã đọc {len(rows)} bản ghi: {len(report.errors)} lỗi, không nhập bản ghi nào.")
            raise CommandError(
                f"{len(report.errors)} bản ghi lỗi: tệp không được nhập. Sửa các lỗi, "
                "hoặc dùng --partial để nhập các bản ghi đúng."
            )
        self.stdout.write(
            f"Đã đọc {len(rows)} bản ghi: {report.created} văn bản mới, {report.updated} cập nhật, "
            f"{report.unchanged} không đổi, {len(report.errors)} lỗi."
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} bản ghi lỗi không được nhập; các bản ghi khác đã được nhập.")

    def progress_display(self, every):
        """A bar on a terminal; otherwise (a log) a line every `every` rows and at the end of each stage."""
        terminal = self.stdout.isatty()
        last = {}

        def progress(stage, done, total):
            if not total:
                return
            label = STAGES.get(stage, stage)
            if terminal:
                width = 30
                filled = width * done // total
                self.stdout.write(f"\r{label}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
                if done == total:
                    self.stdout.write("")
                self.stdout.flush()
            elif done == total or done - last.get(stage, 0) >= every:
                last[stage] = done
                self.stdout.write(f"{label}: {done}/{total}")
                self.stdout.flush()

        return progress
