"""``strait entities import FILE --agency CODE --user USERNAME``: import a CSV or FtM file.

The same all-or-nothing import as the page, run in this process: every row is checked first;
if any is refused nothing is written and the refused rows are printed (exit status 1).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from strait.accounts.models import User, normalise_username
from strait.entities import imports
from strait.entities.csv_format import FileRefused
from strait.entities.csv_format import read as read_csv
from strait.entities.ftm import read as read_ftm
from strait.entities.models import ImportBatch
from strait.entities.validation import Markings
from strait.exchange import codes


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Command(BaseCommand):
    help = "Entities tools. 'import FILE' imports a CSV or FollowTheMoney JSON lines file."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        run = subcommands.add_parser("import", help="Import a file, all rows or none.")
        run.add_argument("file", type=Path)
        run.add_argument("--agency", required=True, help="code of the agency that will own them")
        run.add_argument("--user", required=True, help="username of the importing user")
        run.add_argument("--format", choices=["csv", "ftm"], help="default: from the extension")
        run.add_argument("--purpose", required=True)
        run.add_argument("--subject-category", required=True, choices=codes.SubjectCategory.values)
        run.add_argument(
            "--fact-or-assessment", default="fact", choices=codes.FactOrAssessment.values
        )
        run.add_argument("--source", default="X", choices=codes.SourceReliability.values)
        run.add_argument("--information", default="4", choices=codes.InformationCredibility.values)
        run.add_argument("--handling", required=True, choices=codes.HandlingCode.values)
        run.add_argument("--review-date", required=True, type=_date, help="YYYY-MM-DD")
        run.add_argument("--retention-date", required=True, type=_date, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=normalise_username(options["user"])).first()
        if user is None or user.agency.code != options["agency"]:
            raise CommandError("no such user in that agency")
        path: Path = options["file"]
        fmt = options["format"] or ("csv" if path.suffix.lower() == ".csv" else "ftm")
        markings = Markings(
            purpose=options["purpose"],
            subject_category=options["subject_category"],
            fact_or_assessment=options["fact_or_assessment"],
            source_reliability=options["source"],
            information_credibility=options["information"],
            handling=options["handling"],
            review_date=options["review_date"],
            retention_date=options["retention_date"],
        )
        batch = imports.open_batch(user, filename=path.name, fmt=fmt)
        try:
            if path.stat().st_size > imports.MAX_BYTES:
                raise FileRefused(
                    f"the file is larger than {imports.MAX_BYTES // 2**20} MiB; split it"
                )
            text = path.read_text(encoding="utf-8")
            items = (read_csv if fmt == "csv" else read_ftm)(text, markings)
        except (OSError, UnicodeDecodeError, FileRefused) as exc:
            imports.refuse_file(batch, [str(exc)], row=getattr(exc, "row", 0))
        else:
            imports.run(batch, items, user)
        batch.refresh_from_db()
        if batch.status == ImportBatch.Status.DONE:
            self.stdout.write(
                f"imported {batch.created_count} records from {batch.total_rows} rows"
            )
            return
        self.stderr.write("nothing imported:")
        for refusal in batch.refusals:
            where = f"row {refusal['row']}" + (f" ({refusal['id']})" if refusal["id"] else "")
            for error in refusal["errors"]:
                self.stderr.write(f"  {where}: {error}")
        sys.exit(1)
