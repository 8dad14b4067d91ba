"""An employee's nudge settings: their own choices over their organisation's defaults."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from backend.organisations.models import Employee, Organisation
from mobile_api.push.kinds import Kind
from mobile_api.push.models import (
    DEFAULT_ANNOUNCEMENT_TIME,
    DEFAULT_DAILY_TIME,
    DEFAULT_QUIET_END,
    DEFAULT_QUIET_START,
    DEFAULT_STREAK_TIME,
    NudgeDefaults,
    NudgePreferences,
)
from mobile_api.push.timing import QuietHours

UNSET = object()


@dataclass(frozen=True)
class EffectivePreferences:
    time_zone: str
    locale: str
    daily_time: datetime.time
    streak_time: datetime.time
    announcement_time: datetime.time
    quiet: QuietHours | None
    muted_kinds: frozenset[str]
    max_engagement_per_day: int
    max_campaign_per_week: int

    def wants(self, kind: Kind) -> bool:
        return kind not in self.muted_kinds


def organisation_defaults(organisation: Organisation) -> NudgeDefaults:
    """The organisation's row, or unsaved defaults when it never set any."""
    try:
        return organisation.nudge_defaults
    except NudgeDefaults.DoesNotExist:
        return NudgeDefaults(organisation=organisation)


def effective_preferences(
    employee: Employee, own: NudgePreferences | None, defaults: NudgeDefaults | None
) -> EffectivePreferences:
    defaults = defaults or NudgeDefaults()
    quiet = None
    if own is None or not own.quiet_hours_off:
        start = (own and own.quiet_start) or defaults.quiet_start or DEFAULT_QUIET_START
        end = (own and own.quiet_end) or defaults.quiet_end or DEFAULT_QUIET_END
        quiet = QuietHours(start, end) if start != end else None
    return EffectivePreferences(
        time_zone=employee.time_zone,
        locale=employee.locale,
        daily_time=(own and own.daily_time) or defaults.daily_time or DEFAULT_DAILY_TIME,
        streak_time=defaults.streak_time or DEFAULT_STREAK_TIME,
        announcement_time=defaults.announcement_time or DEFAULT_ANNOUNCEMENT_TIME,
        quiet=quiet,
        muted_kinds=frozenset(own.muted_kinds if own else ()),
        max_engagement_per_day=defaults.max_engagement_per_day,
        max_campaign_per_week=defaults.max_campaign_per_week,
    )


def preferences_for(employee: Employee) -> EffectivePreferences:
    own = NudgePreferences.objects.filter(employee=employee).first()
    return effective_preferences(employee, own, organisation_defaults(employee.organisation))


def preferences_for_many(employee_ids) -> dict[int, EffectivePreferences]:
    """Preferences of many employees in three queries, whatever their number."""
    employees = Employee.objects.filter(pk__in=list(employee_ids)).only(
        "id", "organisation_id", "time_zone", "locale"
    )
    employees = list(employees)
    own = {p.employee_id: p for p in NudgePreferences.objects.filter(employee__in=employees)}
    defaults = {
        d.organisation_id: d
        for d in NudgeDefaults.objects.filter(
            organisation_id__in={e.organisation_id for e in employees}
        )
    }
    return {
        e.pk: effective_preferences(e, own.get(e.pk), defaults.get(e.organisation_id))
        for e in employees
    }


@transaction.atomic
def preferences_update(
    *,
    employee: Employee,
    daily_time=UNSET,
    quiet_hours=UNSET,
    time_zone=UNSET,
    muted_kinds=UNSET,
) -> EffectivePreferences:
    """Change what the employee gave; ``None`` for a time means "the organisation's default".
    ``quiet_hours`` is (start, end), ``None`` for the default, or ``False`` for none at all."""
    own, _created = NudgePreferences.objects.select_for_update().get_or_create(employee=employee)
    if daily_time is not UNSET:
        own.daily_time = daily_time
    if quiet_hours is not UNSET:
        own.quiet_hours_off = quiet_hours is False
        start, end = quiet_hours if quiet_hours else (None, None)
        own.quiet_start, own.quiet_end = start, end
    if muted_kinds is not UNSET:
        own.muted_kinds = sorted(set(muted_kinds))
    own.save()
    if time_zone is not UNSET and time_zone != employee.time_zone:
        employee.time_zone = time_zone
        employee.save(update_fields=["time_zone"])
    return preferences_for(employee)
