"""The mobile API's part of an employee's personal data: sign-ins, devices, notifications."""

from backend.common.moments import utc_iso
from mobile_api.models import ApiToken
from mobile_api.push.kinds import API_VALUE
from mobile_api.push.models import Device, Notification, NudgePreferences


def _time(value):
    return value.strftime("%H:%M") if value else None


def export(employee) -> dict:
    preferences = NudgePreferences.objects.filter(employee=employee).first()
    return {
        "aanmeldingen": [
            {
                "toestel": token.device_name,
                "aangemaaktOp": utc_iso(token.created_at),
                "verlooptOp": utc_iso(token.expires_at),
                "ingetrokkenOp": utc_iso(token.revoked_at),
            }
            for token in ApiToken.objects.filter(employee=employee).order_by("created_at")
        ],
        "toestellen": [
            {
                "platform": device.platform,
                "doelSoort": device.target_kind,
                "appVersie": device.app_version,
                "laatstGezien": utc_iso(device.last_seen_at),
                "actief": device.active,
            }
            for device in Device.objects.filter(employee=employee).order_by("created_at")
        ],
        "notificatievoorkeuren": None
        if preferences is None
        else {
            "dagelijksTijdstip": preferences.daily_time.isoformat()
            if preferences.daily_time
            else None,
            "geenStilleUren": preferences.quiet_hours_off,
            "stilleUrenVan": preferences.quiet_start.isoformat()
            if preferences.quiet_start
            else None,
            "stilleUrenTot": preferences.quiet_end.isoformat() if preferences.quiet_end else None,
            "uitgeschakeldeSoorten": [API_VALUE.get(k, k) for k in preferences.muted_kinds],
        },
        "notificaties": [
            {
                "soort": API_VALUE.get(n.kind, n.kind),
                "titel": n.title,
                "tekst": n.body,
                "gepland": utc_iso(n.scheduled_for),
                "ontvangenOp": utc_iso(n.inbox_at),
                "geopendOp": utc_iso(n.opened_at),
            }
            for n in Notification.objects.filter(employee=employee).order_by("scheduled_for")
        ],
    }


def erase(employee) -> None:
    ApiToken.objects.filter(employee=employee).delete()
    Device.objects.filter(employee=employee).delete()
    Notification.objects.filter(employee=employee).delete()
    NudgePreferences.objects.filter(employee=employee).delete()
