#!/usr/bin/env bash
# Nightly drift check for a stack that records its boot images with ims.ImageSelection
# (see ../ecs-boot-image). Needs the Pulumi CLI (logged in to the stack's backend) and ims-image.
#
#   STACK=org/project/prod bash pipeline.sh
#
# Writes drift.md (a Markdown table for a pull-request or issue comment) and exits as ims-image
# drift does: 0 nothing drifted, 2 something did (drift.md says what and why), 1 errors.
set -uo pipefail
STACK="${STACK:?set STACK to the stack name}"
IMS_IMAGE="${IMS_IMAGE:-npx ims-image}"

# The stack's state, read without the engine: no refresh, no lock, nothing changes.
export_file="$(mktemp)"
trap 'rm -f "$export_file"' EXIT
pulumi stack export --stack "$STACK" > "$export_file" || exit 1

# Every ImageSelection against IMS: recorded image, newest allowed match, and the reason
# (imageDeleted, denied, noLongerMatches, filtersChanged, newerImage, tooOld).
$IMS_IMAGE drift "$export_file" --format markdown > drift.md
code=$?
cat drift.md
case $code in
  0) echo "no drift" >&2 ;;
  2) echo "drift: take the newer images with 'pulumi refresh' then 'pulumi up', or set followLatest" >&2 ;;
  *) echo "drift check failed" >&2 ;;
esac
exit $code
