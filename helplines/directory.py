"""Help lines grouped as readers look for them: by country, then the international ones."""

from dataclasses import dataclass, field

from django.core.cache import cache

from pagecache import version as content_version

from .models import HelpLine

CACHE_SECONDS = 24 * 3600


@dataclass
class CountryLines:
    country: object
    crisis: list = field(default_factory=list)
    abuse: list = field(default_factory=list)

    def of_kind(self, kind):
        return self.crisis if kind == HelpLine.Kind.CRISIS else self.abuse


@dataclass
class Directory:
    countries: list  # CountryLines, in the countries' order
    international: CountryLines

    def emergency_numbers(self):
        """[(number, [country names])]: 911 is the United States' and Canada's."""
        numbers = {}
        for entry in self.countries:
            numbers.setdefault(entry.country.emergency_number, []).append(entry.country.name)
        return list(numbers.items())

    def with_kind(self, kind):
        """The countries that have lines of this kind."""
        return [entry for entry in self.countries if entry.of_kind(kind)]


def directory():
    """Every help line, from the shared cache while the content version stands (an edit to
    a help line moves it), so a page's footer costs no query."""
    now = content_version.current()
    key = f"helplines:{now.version}" if now else None
    found = cache.get(key) if key else None
    if found is None:
        found = _load()
        if key:
            cache.set(key, found, CACHE_SECONDS)
    return found


def _load():
    """Every help line, in one query."""
    countries = {}
    international = CountryLines(country=None)
    for line in HelpLine.objects.select_related("country"):
        if line.country is None:
            entry = international
        else:
            entry = countries.setdefault(line.country_id, CountryLines(line.country))
        entry.of_kind(line.kind).append(line)
    return Directory(list(countries.values()), international)
