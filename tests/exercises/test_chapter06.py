"""Chapter 06's checkers: what they print for a learner's cluster in each state."""

import pytest

from k8s_model.exercises.chapter06 import (check_relabelled_pod, check_same_name_two_namespaces,
                                           check_selector)
from widgets.selector_lab import lab_pods


def lines(capsys):
    return capsys.readouterr().out.splitlines()


def test_relabel_exercise_not_started(cluster, capsys):
    check_relabelled_pod(cluster)
    assert lines(capsys) == ['✗ no Pod "kubia-manual" in namespace "default" yet',
                             "0 of 1 checks pass: not done yet."]


def test_relabel_exercise_half_done(cluster, capsys):
    """Created with env=prod but not relabelled; the annotation written as a label."""
    cluster.kubectl("run kubia-manual --image=luksa/kubia "
                    "--labels=creation_method=manual,env=prod")
    cluster.kubectl("label pod kubia-manual mycompany.com/someannotation=foo")
    check_relabelled_pod(cluster)
    assert lines(capsys) == [
        '✓ Pod "kubia-manual" exists',
        "✓ it is labelled creation_method=manual",
        "✗ its env label is 'prod': change it to debug "
        "(kubectl label pod kubia-manual env=debug --overwrite)",
        "✗ it has no annotation mycompany.com/someannotation "
        "(it is a label: use kubectl annotate)",
        "2 of 4 checks pass: not done yet."]


def test_relabel_exercise_done(cluster, capsys):
    cluster.kubectl("run kubia-manual --image=luksa/kubia "
                    "--labels=creation_method=manual,env=prod")
    cluster.kubectl("label pod kubia-manual env=debug --overwrite")
    cluster.kubectl("annotate pod kubia-manual mycompany.com/someannotation='foo bar'")
    check_relabelled_pod(cluster)
    out = lines(capsys)
    assert out[-2] == "✓ it is annotated mycompany.com/someannotation='foo bar'"
    assert out[-1] == "All 4 checks pass. Well done!"


def test_namespace_exercise(cluster, capsys):
    """Nothing, then only default's Pod, then both: the same name in two namespaces."""
    check_same_name_two_namespaces(cluster)
    assert lines(capsys)[0] == '✗ no namespace "custom" yet (kubectl create namespace custom)'
    cluster.kubectl("run kubia --image=luksa/kubia")
    cluster.kubectl("create namespace custom")
    check_same_name_two_namespaces(cluster)
    assert lines(capsys)[1:3] == [
        '✗ no Pod "kubia" in namespace "custom" yet (kubectl run kubia --image=luksa/kubia '
        '-n custom)', '✓ Pod "kubia" exists in namespace "default"']
    cluster.kubectl("run kubia --image=luksa/kubia -n custom")
    check_same_name_two_namespaces(cluster)
    assert lines(capsys)[-1] == "All 3 checks pass. Well done!"


def test_namespace_exercise_terminating(cluster, capsys):
    """A namespace being deleted does not count."""
    cluster.kubectl("create namespace custom")
    cluster.kubectl("run kubia --image=luksa/kubia -n custom")
    cluster.advance(3)
    cluster.kubectl("delete namespace custom --wait=false")
    check_same_name_two_namespaces(cluster)
    assert lines(capsys)[0] == '✗ namespace "custom" is Terminating'


@pytest.fixture
def shop(cluster):
    cluster.apply(lab_pods())
    return cluster


def test_selector_exercise_without_pods(cluster, capsys):
    check_selector(cluster, "app=pc")
    assert lines(capsys)[0].startswith("✗ no Pod labelled app=pc or app=sc")


@pytest.mark.parametrize("selector", ["app in (pc,sc),rel!=canary",
                                      "app in (sc, pc), rel notin (canary)",
                                      "app notin (ui,as,os),rel in (stable,beta)"])
def test_selector_exercise_any_equivalent_selector_passes(shop, capsys, selector):
    check_selector(shop, selector)
    out = lines(capsys)
    assert out[0] == "✓ the Pods to select exist (pc-beta, pc-stable, sc-stable)"
    assert out[-1] == "All 3 checks pass. Well done!"


def test_selector_exercise_wrong_and_bad(shop, capsys):
    """Too many, too few, and a selector the API server refuses."""
    check_selector(shop, "app in (pc,sc)")
    assert lines(capsys)[2] == ("✗ it selects pc-beta, pc-canary, pc-stable, sc-stable; "
                                "should not select pc-canary")
    check_selector(shop, "app=pc,rel!=canary")
    assert lines(capsys)[2] == "✗ it selects pc-beta, pc-stable; missing sc-stable"
    check_selector(shop, "app in pc")
    assert lines(capsys)[2] == (
        '✗ the API server refused it: Unable to find "/v1, Resource=pods" that '
        'match label selector "app in pc", field selector "": unable to parse requirement: '
        "found 'pc' expected: '('")
    check_selector(shop, "app in (pc,sc),rel notin (canary,beta)")
    assert lines(capsys)[2] == "✗ it selects pc-stable, sc-stable; missing pc-beta"
    check_selector(shop, " ")
    assert lines(capsys)[1:] == ["✗ no selector yet: an empty one selects every Pod "
                                 "(write yours in my_selector)", "1 of 2 checks pass: not done yet."]
