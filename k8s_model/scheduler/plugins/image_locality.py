"""ImageLocality (plugins/imagelocality): prefer nodes that already have the images.

Each image found in node.status.images adds its size scaled by how widespread it is
(size × nodes-with-it / all nodes), so one rare image does not pull every pod to one
node. The sum is clamped to [23Mi, 1000Mi × containers] and mapped to 0–100: a node
holding a 500Mi image that every node has, for a one-container pod, scores
100 × (500 − 23) / (1000 − 23) = 48.
"""

from __future__ import annotations

MB = 1024 * 1024
MIN_THRESHOLD = 23 * MB
MAX_CONTAINER_THRESHOLD = 1000 * MB


def normalized_image_name(name: str) -> str:
    """`nginx` -> `nginx:latest`; a tag or digest is kept."""
    if name.rfind(":") <= name.rfind("/"):
        name += ":latest"
    return name


def calculate_priority(sum_scores: int, num_containers: int) -> int:
    max_threshold = MAX_CONTAINER_THRESHOLD * num_containers
    sum_scores = min(max(sum_scores, MIN_THRESHOLD), max_threshold)
    return 100 * (sum_scores - MIN_THRESHOLD) // (max_threshold - MIN_THRESHOLD)


class ImageLocality:
    name = "ImageLocality"
    EVENTS = ("NodeAdd", "NodeUpdate")

    def __init__(self, args: dict, handle) -> None:
        self.handle = handle

    def score(self, state, pod: dict, node_info) -> int:
        spec = pod.get("spec", {})
        containers = (spec.get("initContainers") or []) + (spec.get("containers") or [])
        total_nodes = len(self.handle.cache.node_infos())
        image_nodes = self.handle.cache.image_nodes
        total = 0
        for container in containers:
            image = normalized_image_name(container.get("image", ""))
            size = node_info.image_sizes.get(image)
            if size is not None:
                spread = image_nodes.get(image, 0) / total_nodes
                total += int(size * spread)
        return calculate_priority(total, len(containers))
