"""The %kubectl and %%kubectl magics print kubectl's text, and errors without a traceback."""

import pytest
from IPython.testing.globalipapp import start_ipython


@pytest.fixture(scope="module")
def ip():
    shell = start_ipython()
    shell.run_cell("from k8s_model import Cluster\nc = Cluster(nodes=1)")
    shell.run_line_magic("load_ext", "k8s_model")
    return shell


def test_line_magic_prints_kubectl_output(ip, capsys):
    ip.run_line_magic("kubectl", "get nodes")
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]


def test_cell_magic_applies_the_cell_body(ip, capsys):
    ip.run_cell_magic("kubectl", "apply -f -",
                      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n")
    assert capsys.readouterr().out == "namespace/team-a created\n"


def test_errors_print_like_kubectl(ip, capsys):
    ip.run_line_magic("kubectl", "get pod nope")
    assert capsys.readouterr().out == 'Error from server (NotFound): pods "nope" not found\n'
