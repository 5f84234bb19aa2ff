"""MultiClusterView: chapter 15's static picture of multi-cluster patterns."""

from widgets.views.multicluster import PANELS, MultiClusterView

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_draws_one_panel_per_pattern():
    """Cluster API, propagation and Multi-Cluster Services, each titled in its own axes."""
    fig = MultiClusterView().figure()
    assert [ax.get_title() for ax in fig.axes] == [title for title, _ in PANELS]
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert {"management cluster", "ServiceExport api", "ServiceImport api"} <= texts


def test_png_is_deterministic_and_described():
    first, second = MultiClusterView().png(), MultiClusterView().png()
    assert first.startswith(PNG_SIGNATURE) and first == second
    assert repr(MultiClusterView()).startswith("MultiClusterView: Cluster API")
