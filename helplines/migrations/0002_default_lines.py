"""The default help lines: the countries most readers come from, and a directory for the rest.

Checked in June 2026 against the services' own pages and recent reporting. Editors
keep them current in the admin.
"""

from django.db import migrations

ALL_DAY = "24 hours, every day"
FIND_A_HELPLINE = "https://findahelpline.com/"

COUNTRIES = [
    # code, name, emergency number
    ("GB", "United Kingdom", "999"),
    ("IE", "Ireland", "112"),
    ("US", "United States", "911"),
    ("CA", "Canada", "911"),
    ("AU", "Australia", "000"),
    ("NZ", "New Zealand", "111"),
]

CRISIS, ABUSE = "crisis", "abuse"
LINES = [
    # country, kind, service, phone, text to, text message, hours, url, notes
    ("GB", CRISIS, "Samaritans", "116 123", "", "", ALL_DAY, "https://www.samaritans.org/",
     "Free to call, whatever you are going through."),
    ("GB", CRISIS, "Shout", "", "85258", "SHOUT", ALL_DAY, "https://giveusashout.org/",
     "A free, confidential text service."),
    ("GB", ABUSE, "National Domestic Abuse Helpline", "0808 2000 247", "", "", ALL_DAY,
     "https://www.nationaldahelpline.org.uk/", "Free and confidential; run by Refuge."),
    ("IE", CRISIS, "Samaritans", "116 123", "", "", ALL_DAY, "https://www.samaritans.org/",
     "Free to call."),
    ("IE", CRISIS, "Pieta", "1800 247 247", "51444", "HELP", ALL_DAY, "https://www.pieta.ie/",
     "For anyone thinking about suicide or self-harm."),
    ("IE", ABUSE, "Women’s Aid", "1800 341 900", "", "", ALL_DAY, "https://www.womensaid.ie/",
     "Free national helpline."),
    ("US", CRISIS, "988 Suicide & Crisis Lifeline", "988", "988", "", ALL_DAY,
     "https://988lifeline.org/", "Free and confidential."),
    ("US", ABUSE, "National Domestic Violence Hotline", "1-800-799-7233", "88788", "START",
     ALL_DAY, "https://www.thehotline.org/", "Free and confidential."),
    ("CA", CRISIS, "9-8-8 Suicide Crisis Helpline", "9-8-8", "988", "", ALL_DAY,
     "https://988.ca/", "Free, in English and French."),
    ("CA", ABUSE, "ShelterSafe", "", "", "", "", "https://www.sheltersafe.ca/",
     "Canada has no single national line: ShelterSafe finds the shelters and crisis lines "
     "near you."),
    ("AU", CRISIS, "Lifeline", "13 11 14", "0477 13 11 14", "", ALL_DAY,
     "https://www.lifeline.org.au/", "Free crisis support."),
    ("AU", ABUSE, "1800RESPECT", "1800 737 732", "", "", ALL_DAY,
     "https://www.1800respect.org.au/", "National domestic, family and sexual violence line."),
    ("NZ", CRISIS, "Need to talk? 1737", "1737", "1737", "", ALL_DAY, "https://1737.org.nz/",
     "Free; you talk or text with a trained counsellor."),
    ("NZ", ABUSE, "Women’s Refuge crisis line", "0800 733 843", "", "", ALL_DAY,
     "https://womensrefuge.org.nz/", "Free from any phone."),
    (None, CRISIS, "Find A Helpline", "", "", "", "", FIND_A_HELPLINE,
     "A free directory of crisis lines in many countries."),
    (None, ABUSE, "Find A Helpline", "", "", "", "", FIND_A_HELPLINE,
     "A free directory that also lists domestic-abuse services by country."),
]  # fmt: skip


def add_defaults(apps, schema_editor):
    Country = apps.get_model("helplines", "Country")
    HelpLine = apps.get_model("helplines", "HelpLine")
    countries = {}
    for order, (code, name, emergency) in enumerate(COUNTRIES, 1):
        countries[code], _ = Country.objects.get_or_create(
            code=code, defaults={"name": name, "emergency_number": emergency, "order": order}
        )
    for order, (code, kind, service, phone, text_to, message, hours, url, notes) in enumerate(
        LINES, 1
    ):
        HelpLine.objects.get_or_create(
            country=countries.get(code),
            kind=kind,
            service=service,
            defaults={
                "phone": phone,
                "text_number": text_to,
                "text_message": message,
                "hours": hours,
                "url": url,
                "notes": notes,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("helplines", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
