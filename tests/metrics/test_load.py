"""Load in virtual time: the docs' busybox loop (`while sleep 0.01; do wget -q -O-
http://php-apache; done`) runs its wget 1/0.01 = 100 times per virtual second, and
LoadGenerator sends a chosen rate along the same path; both stop with their Pod."""

from k8s_model import Cluster
from k8s_model.examples import php_apache
from k8s_model.metrics import LoadGenerator
from k8s_model.runtime.programs import run_shell

LOOP = 'while sleep 0.01; do wget -q -O- http://php-apache; done'


def served(cluster) -> int:
    return sum(c.requests for k in cluster.kubelets.values() for c in k.runtime.containers.values()
               if c.name == "php-apache")


def test_the_loop_is_a_program_that_never_ends():
    program = run_shell(["/bin/sh", "-c", LOOP])
    assert program.duration is None
    assert program.loop == (0.01, ["wget", "-q", "-O-", "http://php-apache"])


def test_busybox_loop_sends_a_hundred_requests_a_second():
    cluster = Cluster(nodes=1)
    cluster.apply(php_apache())
    cluster.advance(20)
    cluster.kubectl(f'run load-generator --image=busybox:1.28 --restart=Never -- '
                    f'/bin/sh -c "{LOOP}"')
    cluster.advance(5)
    before = served(cluster)
    cluster.advance(3)
    assert served(cluster) - before == 300
    cluster.kubectl("delete pod load-generator")
    cluster.advance(40)           # terminated: the loop died with its container
    after = served(cluster)
    cluster.advance(5)
    assert served(cluster) == after


def test_load_generator_rate_and_stop():
    cluster = Cluster(nodes=1)
    cluster.apply(php_apache())
    cluster.advance(20)
    ip = cluster.get("services", "php-apache")["spec"]["clusterIP"]
    generator = LoadGenerator(cluster, f"http://{ip}", rps=40)
    cluster.advance(5)
    assert generator.sent == 200 and sum(generator.answered.values()) == 200
    generator.rps = 10            # turn the load down
    cluster.advance(2)
    assert generator.sent == 220
    generator.stop()
    cluster.advance(5)
    assert generator.sent == 220 and not generator.running
