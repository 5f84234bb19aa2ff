"""The one error the generators raise: kubectl's exact stderr text for bad input."""


class GeneratorError(Exception):
    """`str(error)` is what kubectl prints, e.g. "error: required flag(s) \\"image\\" not
    set", plus a second line "See 'kubectl create deployment -h' for help and examples"
    where kubectl prints usage help."""

