"""View: anything that draws itself as one static matplotlib figure.

Figures are made with `matplotlib.figure.Figure` directly (never pyplot), so nothing is
shown, no global figure list grows, and the Agg renderer is used in and out of a
kernel. PNG bytes are deterministic: fixed dpi, sizes computed from the content only,
and no "Software" metadata (which would embed matplotlib's version), so a stored
notebook output and a test can compare renders byte for byte.

`render_into(out)` assigns the Output's `outputs` rather than `with out: display(...)`,
which only routes output inside a running kernel (DESIGN.md §9); assigned outputs are
also saved in the widget state, so the picture survives in static HTML.
"""

from __future__ import annotations

import base64
import io

from matplotlib.figure import Figure

DPI = 100


def png_bytes(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def display_data(png: bytes, text: str) -> dict:
    """One nbformat display_data output holding a PNG."""
    return {"output_type": "display_data",
            "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": text},
            "metadata": {}}


class View:
    """Subclasses implement `draw(fig)` and `description()`."""

    def figure(self) -> Figure:
        fig = Figure(dpi=DPI)
        self.draw(fig)
        return fig

    def draw(self, fig: Figure) -> None:
        raise NotImplementedError

    def description(self) -> str:
        """A short, deterministic text/plain stand-in for the picture."""
        return type(self).__name__

    def png(self) -> bytes:
        return png_bytes(self.figure())

    def render_into(self, out) -> bytes:
        """Show the current picture in an ipywidgets.Output; returns the PNG."""
        png = self.png()
        out.outputs = (display_data(png, self.description()),)
        return png

    def _repr_png_(self) -> bytes:
        return self.png()

    def __repr__(self) -> str:
        return self.description()
