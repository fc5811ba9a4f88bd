"""The project portfolio for the chair's dashboard: projects per lifecycle status and health."""

from dataclasses import dataclass, field

from django.db.models import Count

from .models import Health, ProjectStatus


@dataclass
class StatusRow:
    status_id: int
    name: str
    colour_class: str
    health: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Health.values, 0))

    @property
    def total(self) -> int:
        return sum(self.health.values())


@dataclass
class Portfolio:
    rows: list[StatusRow]
    health: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.health.values())


def project_portfolio(*, projects) -> Portfolio:
    """Every status in lifecycle order (zeros included) × health; two queries."""
    counts = (
        projects.order_by()
        .values_list("status_id", "health")
        .annotate(n=Count("pk"))
        .values_list("status_id", "health", "n")
    )
    rows = {s.pk: StatusRow(s.pk, s.name, s.colour_class) for s in ProjectStatus.objects.all()}
    health = dict.fromkeys(Health.values, 0)
    for status_id, value, n in counts:
        rows[status_id].health[value] += n
        health[value] += n
    return Portfolio(list(rows.values()), health)


def portfolio_fingerprint(*, projects) -> str:
    """Changes whenever one of the projects is saved, added or removed. One query."""
    from django.db.models import Max

    found = projects.order_by().aggregate(n=Count("pk"), last=Max("updated_at"))
    return f"{found['n']}|{found['last']}"
