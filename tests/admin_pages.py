"""Submitting an admin change page the way a browser would: with what the page showed."""

import datetime


def _value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return value


def _form_data(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = _value(value)
    return data


def change_page_data(response) -> dict:
    """The POST data of an admin change page as it was rendered: the main form and every
    existing inline row (no new rows)."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        existing = formset.initial_forms
        data.update(
            {
                formset.management_form.add_prefix("TOTAL_FORMS"): str(len(existing)),
                formset.management_form.add_prefix("INITIAL_FORMS"): str(len(existing)),
            }
        )
        for form in existing:
            data.update(_form_data(form))
    return data
