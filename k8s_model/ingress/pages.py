"""The pages nginx itself answers with (src/http/ngx_http_special_response.c).

ingress-nginx sets `server_tokens off` (ConfigMap `server-tokens: "false"`), so the
footer says `nginx` without a version. A request no Ingress rule matches reaches the
default server's `location /`, the "upstream-default-backend" — without a
--default-backend-service that is nginx's own `return 404`. A matched backend without
a ready endpoint makes the Lua balancer give up: 503.
"""

from __future__ import annotations

_TEMPLATE = ("<html>\r\n<head><title>{status}</title></head>\r\n<body>\r\n"
             "<center><h1>{status}</h1></center>\r\n<hr><center>nginx</center>\r\n"
             "</body>\r\n</html>\r\n")

NOT_FOUND = _TEMPLATE.format(status="404 Not Found")
SERVICE_UNAVAILABLE = _TEMPLATE.format(status="503 Service Temporarily Unavailable")
