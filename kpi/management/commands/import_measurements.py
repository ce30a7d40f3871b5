from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kpi.importer import import_measurements


class Command(BaseCommand):
    help = "Import KPI measurements from a CSV file (columns in kpi/importer.py and the README)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="username recorded as the person who entered them")

    def handle(self, *args, file, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"Không có người dùng {user}")
        created, updated, unchanged, errors = import_measurements(path.read_text(encoding="utf-8"), account)
        for error in errors:
            self.stderr.write(f"Lỗi {error}")
        self.stdout.write(f"{created} số đo mới, {updated} cập nhật, {unchanged} không đổi, {len(errors)} lỗi.")
        if errors:
            raise CommandError(f"{len(errors)} dòng lỗi không được nhập; các dòng khác đã được nhập.")
