"""District routing: every district reaches a responsible officer."""

from infra.settings import Settings


def test_every_district_routes_to_someone_and_unknown_ones_to_the_default(settings: Settings) -> None:
    routing = settings.routing  # the project's configuration, with a data folder of the test's own
    assert routing.route("Farsta").officer_name == "Johan Exempel"
    assert routing.route("  farsta ").officer_id == "farsta-01"  # as operators type it
    assert routing.route("Rinkeby").officer_id == routing.default.officer_id
    assert routing.route(None).unit == routing.default.unit
    assert routing.route("Rinkeby").district == "Rinkeby"
