"""The forms' data version (core.versions): the state of every data set's forms (submitted,
approved, returned: `DataSetReport`) and the data sets themselves. A saved value moves the
figures version (figures_cache), not this one: the inbox's lists of forms to submit and to
approve stay cached while officers save values."""

from __future__ import annotations

from dieuhanh.core.versions import follow

FORMS = "forms"


def connect() -> None:
    from dieuhanh.indicators.models import DataSet, DataSetReport

    follow(FORMS, (DataSetReport, DataSet))
