"""Parameter types shared by the commands."""

from __future__ import annotations

from typing import Any

import click


class YearType(click.ParamType):
    """A year such as 1985 (a date such as 1985-06-01 is read as its year)."""

    name = "YEAR"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        from geokg.errors import InputError
        from geokg.timespan import parse_year

        try:
            return parse_year(str(value), what=param.opts[-1] if param else "year")
        except InputError as exc:
            self.fail(str(exc).split(": ", 1)[-1], param, ctx)


YEAR = YearType()
