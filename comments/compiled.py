"""Queries Django compiles once per process, run with each call's own values (issue #17).

Compiling a queryset (resolving its lookups and joins, writing its SQL) takes ten times as
long as SQLite takes to run one of the small, indexed queries a post or a queue page sends.
A compiled query is built once from a queryset whose varying values are stand-ins, values no
row holds; each run puts the real values in their places among the parameters, prepared as
Django prepares them for the database (datetimes and IP addresses differ between backends).

A stand-in that a lookup transforms (``iexact`` escapes LIKE's wildcards on SQLite, for one)
is not found again among the parameters, so compiling such a query fails at once instead of
running it with an unprepared value. Text stand-ins carry those wildcards for that reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.db import connections, models
from django.db.models import QuerySet
from django.db.models.query import ModelIterable

STAND_IN_ID = -2_000_000_017  # no row has a negative id
STAND_IN_TIME = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
STAND_IN_ADDRESS = "255.255.255.254"  # no sender's (a broadcast address)


def stand_in_text(name: str) -> str:
    """A text stand-in: lower-case, unstripped by strip(), and with LIKE's wildcards in it."""
    return f"\x00{name}_%\\"


def _as_given(ops, value):
    return value


def _as_datetime(ops, value):
    return ops.adapt_datetimefield_value(value)


_ADDRESS_FIELD = models.GenericIPAddressField()


def _as_ip_address(ops, value):
    # As the field prepares a lookup's value: IPv6 normalised, then the backend's type.
    return ops.adapt_ipaddressfield_value(_ADDRESS_FIELD.get_prep_value(value))


def preparer(stand_in) -> Callable:
    """How a value in this stand-in's place is prepared for the database."""
    if isinstance(stand_in, datetime.datetime):
        return _as_datetime
    return _as_ip_address if stand_in == STAND_IN_ADDRESS else _as_given


@dataclass(frozen=True)
class Slot:
    position: int  # among the statement's parameters
    name: str
    index: int | None  # within a sequence of stand-ins (an `__in` lookup), else None
    prepare: Callable


@dataclass(frozen=True)
class CompiledQuery:
    sql: str
    params: tuple
    slots: tuple[Slot, ...]
    sizes: Mapping[str, int | None]  # each name's sequence length, None for one value
    alias: str
    # The model whose every concrete field each row holds, in order (see `instances`), and
    # the backend's converters of those columns: (position, column, converters), text to
    # datetime on SQLite.
    model: type[models.Model] | None = None
    converters: tuple[tuple[int, models.Expression, tuple[Callable, ...]], ...] = ()

    def filled(self, **values) -> list:
        """The parameters with `values` in the stand-ins' places."""
        if values.keys() != self.sizes.keys():
            raise TypeError(f"Give exactly {sorted(self.sizes)}, not {sorted(values)}.")
        for name, size in self.sizes.items():
            if size is not None and len(values[name]) != size:
                given = len(values[name])
                raise ValueError(f"{name}: compiled for {size} values, given {given}.")
        ops = connections[self.alias].ops
        params = list(self.params)
        for slot in self.slots:
            value = values[slot.name] if slot.index is None else values[slot.name][slot.index]
            params[slot.position] = slot.prepare(ops, value)
        return params

    def rows(self, **values) -> list[tuple]:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, self.filled(**values))
            return cursor.fetchall()

    def scalar(self, **values):
        """The first column of the first row (a count's count)."""
        return self.rows(**values)[0][0]

    def instances(self, **values) -> list[models.Model]:
        """The rows as model instances, as the queryset would give them."""
        if self.model is None:
            raise TypeError("Compiled from a queryset that does not select whole rows.")
        connection = connections[self.alias]
        names = [field.attname for field in self.model._meta.concrete_fields]
        instances = []
        for row in self.rows(**values):
            values_of_row = list(row)
            for position, column, converters in self.converters:
                for convert in converters:
                    values_of_row[position] = convert(values_of_row[position], column, connection)
            instances.append(self.model.from_db(self.alias, names, values_of_row))
        return instances


def compile_query(queryset: QuerySet, *, count: bool = False, **stand_ins) -> CompiledQuery:
    """`queryset` compiled once, with each named stand-in (a value, or a tuple of them for an
    `__in` lookup) to be replaced at each run. `count`: the number of its rows instead."""
    if count:
        queryset = queryset.order_by().values("pk")
    sql, params = queryset.query.sql_with_params()
    if count:
        sql = f"SELECT COUNT(*) FROM ({sql}) AS counted"  # noqa: S608 (Django's SQL)
    ops = connections[queryset.db].ops
    slots, sizes = [], {}
    for name, stand_in in stand_ins.items():
        many = isinstance(stand_in, tuple)
        sizes[name] = len(stand_in) if many else None
        for index, one in enumerate(stand_in if many else (stand_in,)):
            found = _slots_of(one, params, ops, name=name, index=index if many else None)
            if not found:
                raise ValueError(
                    f"The stand-in for {name} is not among the query's parameters as given: "
                    "its lookup transforms it, so this query cannot be compiled once."
                )
            slots += found
    whole_rows = not count and _selects_whole_rows(queryset)
    model = queryset.model if whole_rows else None
    converters = _column_converters(model, connections[queryset.db]) if whole_rows else ()
    return CompiledQuery(sql, tuple(params), tuple(slots), sizes, queryset.db, model, converters)


def _column_converters(
    model, connection
) -> tuple[tuple[int, models.Expression, tuple[Callable, ...]], ...]:
    """What the ORM applies to each column read (SQLCompiler.get_converters), by position.

    They are the backend's functions of the column and the settings: any connection of the
    alias may run them.
    """
    found = []
    for position, field in enumerate(model._meta.concrete_fields):
        column = field.cached_col
        converters = (
            *connection.ops.get_db_converters(column),
            *column.get_db_converters(connection),
        )
        if converters:
            found.append((position, column, converters))
    return tuple(found)


def _selects_whole_rows(queryset: QuerySet) -> bool:
    """Whether each row is every concrete field of the model, in order, and nothing else."""
    query = queryset.query
    return (
        queryset._iterable_class is ModelIterable
        and query.default_cols
        and not query.select_related
        and not query.annotation_select
        and not query.extra_select
        and query.deferred_loading == (frozenset(), True)
    )


def _slots_of(stand_in, params: Sequence, ops, *, name: str, index: int | None) -> list[Slot]:
    prepare = preparer(stand_in)
    prepared = prepare(ops, stand_in)
    return [
        Slot(at, name, index, prepare) for at, param in enumerate(params) if _same(param, prepared)
    ]


def _same(param, prepared) -> bool:
    # By type as well: True == 1, and a stand-in must not match a constant of another kind.
    return type(param) is type(prepared) and param == prepared
