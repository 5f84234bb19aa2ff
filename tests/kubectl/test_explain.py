"""kubectl explain: the exact text kubectl v1.35 prints for a kind, a field, and its errors.

Expected texts were captured from the real kubectl v1.35 binary (its plaintext template
rendering the same schema from a local server); deployment.spec.strategy and
ResourceQuota.spec.hard also match output printed by real clusters.
"""

import pytest

from k8s_model import Cluster, KubectlError
from k8s_model.kubectl.explain_render import wrap

STRATEGY = """\
GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: strategy <DeploymentStrategy>


DESCRIPTION:
    The deployment strategy to use to replace existing pods with new ones.
    DeploymentStrategy describes how to replace existing pods with new ones.
    
FIELDS:
  rollingUpdate\t<RollingUpdateDeployment>
    Rolling update config params. Present only if DeploymentStrategyType =
    RollingUpdate.

  type\t<string>
  enum: Recreate, RollingUpdate
    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is
    RollingUpdate.
    
    Possible enum values:
     - `"Recreate"` Kill all existing pods before creating new ones.
     - `"RollingUpdate"` Replace the old ReplicaSets by new one using rolling
    update i.e gradually scale down the old ReplicaSets and scale up the new
    one.


"""

OUTPUTS = [
    ("pods: kind header, description, then each field", "explain pods", """\
KIND:       Pod
VERSION:    v1

DESCRIPTION:
    Pod is a collection of containers that can run on a host. This resource is
    created by clients and scheduled onto hosts.
    
FIELDS:
  apiVersion\t<string>
    APIVersion defines the versioned schema of this representation of an object.
    Servers should convert recognized schemas to the latest internal value, and
    may reject unrecognized values. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources

  kind\t<string>
    Kind is a string value representing the REST resource this object
    represents. Servers may infer this from the endpoint the client submits
    requests to. Cannot be updated. In CamelCase. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds

  metadata\t<ObjectMeta>
    Standard object's metadata. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata

  spec\t<PodSpec>
    Specification of the desired behavior of the pod. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status

  status\t<PodStatus>
    Most recently observed status of the pod. This data may not be up to date.
    Populated by the system. Read-only. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status


""", True),
    ("a nested field of another group, with its enum", "explain deployment.spec.strategy",
     STRATEGY, True),
    ("the group may be spelt out", "explain deployments.apps.spec.strategy", STRATEGY, True),
    ("--api-version picks the group-version", "explain deploy.spec.strategy --api-version=apps/v1",
     STRATEGY, True),
    ("a scalar field", "explain deploy.spec.replicas", """\
GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: replicas <integer>


DESCRIPTION:
    Number of desired pods. This is a pointer to distinguish between explicit
    zero and not specified. Defaults to 1.
    

""", True),
    ("--recursive lists names and types only", "explain deployment.spec.strategy --recursive",
     """\
GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: strategy <DeploymentStrategy>


DESCRIPTION:
    The deployment strategy to use to replace existing pods with new ones.
    DeploymentStrategy describes how to replace existing pods with new ones.
    
FIELDS:
  rollingUpdate\t<RollingUpdateDeployment>
    maxSurge\t<IntOrString>
    maxUnavailable\t<IntOrString>
  type\t<string>
  enum: Recreate, RollingUpdate

""", True),
    ("an array field shows the item type's description too", "explain pod.spec.containers", """\
KIND:       Pod
VERSION:    v1

FIELD: containers <[]Container>


DESCRIPTION:
    List of containers belonging to the pod. Containers cannot currently be
    added or removed. There must be at least one container in a Pod. Cannot be
    updated.
    A single application container that you want to run within a pod.
    
FIELDS:
  args\t<[]string>
""", False),
    ("a map of quantities, with Quantity's description", "explain ResourceQuota.spec.hard", """\
KIND:       ResourceQuota
VERSION:    v1

FIELD: hard <map[string]Quantity>


DESCRIPTION:
    hard is the set of desired hard limits for each named resource. More info:
    https://kubernetes.io/docs/concepts/policy/resource-quotas/
    Quantity is a fixed-point representation of a number. It provides convenient
    marshaling/unmarshaling in JSON and YAML, in addition to String() and
    AsInt64() accessors.
    
    The serialization format is:
    
    ``` <quantity>        ::= <signedNumber><suffix>
    
    \t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)
    
    <digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> |
    <digit><digits> <number>          ::= <digits> | <digits>.<digits> |
    <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::=
    <number> | <sign><number> <suffix>          ::= <binarySI> |
    <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi
    | Ei
""", False),
]


@pytest.fixture(scope="module")
def c():
    return Cluster(nodes=1)


@pytest.mark.parametrize("name,command,expected,whole", OUTPUTS, ids=[o[0] for o in OUTPUTS])
def test_explain_output(c, name, command, expected, whole):
    """explain prints kubectl's stdout (compared whole, or its opening lines)."""
    text = c.kubectl(command) + "\n"
    assert text == expected if whole else text.startswith(expected)


ERRORS = [
    ("unknown resource, printed bare", "explain foo", 'the server doesn\'t have a resource type "foo"',
     ""),
    ("unknown field, after the kind header", "explain pods.foo",
     'error: field "foo" does not exist', "KIND:       Pod\nVERSION:    v1\n"),
    ("the last path element is named", "explain pods.foo.bar",
     'error: field "bar" does not exist', "KIND:       Pod\nVERSION:    v1\n"),
    ("unserved group-version", "explain deployments --api-version=apps/v2",
     'error: couldn\'t find resource for "apps/v2, Resource=deployments"', ""),
    ("resource not in that group-version", "explain pods --api-version=apps/v1",
     "error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema", ""),
    ("an index is not a field", "explain pods.spec.containers[0]",
     "error: invalid jsonpath syntax, first node must be field node", ""),
    ("no type", "explain",
     'error: You must specify the type of resource to explain. Use "kubectl api-resources" '
     "for a complete list of supported resources.", ""),
    ("two types", "explain pods svc", "error: We accept only this format: explain RESOURCE", ""),
]


@pytest.mark.parametrize("name,command,message,printed", ERRORS, ids=[e[0] for e in ERRORS])
def test_explain_errors(c, name, command, message, printed):
    """explain fails with kubectl's message, after whatever kubectl had printed."""
    with pytest.raises(KubectlError) as failure:
        c.kubectl(command)
    assert str(failure.value) == message
    assert failure.value.output == printed


WRAPS = [
    ("breaks before the word that overflows", 10, "aaa bbb ccc ddd", "aaa bbb\nccc ddd"),
    ("keeps existing newlines", 20, "one\n\ntwo three", "one\n\ntwo three"),
    ("a word longer than the limit stays whole", 5, "abcdefgh ij", "abcdefgh\nij"),
    ("a tab counts as one column", 6, "\tab cd", "\tab cd"),
]


@pytest.mark.parametrize("name,limit,text,expected", WRAPS, ids=[w[0] for w in WRAPS])
def test_wrap_is_go_wordwrap(name, limit, text, expected):
    """wrap breaks lines as go-wordwrap v1.0.1 does."""
    assert wrap(limit, text) == expected
