"""What openstacksdk resolves for a cloud of clouds.yaml: the truth of the clouds.yaml tests.

Reads {"cloud": NAME} on stdin, prints the auth settings, region and image endpoint override that
openstack.config.OpenStackConfig().get_one(cloud=NAME) resolves, as JSON. The caller sets the
working directory, HOME and OS_CLIENT_* variables (openstacksdk reads them when it is imported).
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")
from openstack import config as occ  # noqa: E402

request = json.load(sys.stdin)
region = occ.OpenStackConfig().get_one(cloud=request["cloud"], validate=False)
cfg = region.config
print(json.dumps({
    "auth": {k: v for k, v in cfg.get("auth", {}).items() if isinstance(v, str)},
    "region_name": cfg.get("region_name") or "",
    "image_endpoint_override": cfg.get("image_endpoint_override"),
}))
