#!/usr/bin/env bash
# Nightly drift check for a stack that uses ims.ImageSelection (see ../ecs-boot-image).
# Fails when a newer image matches the stack's filters, or the recorded image was deleted.
set -euo pipefail
STACK="${STACK:?set STACK to the stack name}"

# 1. With Pulumi state: refresh reads every ImageSelection; a newer image shows as an update.
#    --expect-no-changes makes the preview fail on any drift.
pulumi preview --refresh --expect-no-changes --stack "$STACK"

# 2. Without touching Pulumi: compare the stack's image with the newest match.
#    Exit 0 = up to date, 2 = newer image (the diff is printed), 1 = error.
IMAGE_ID="$(pulumi stack output imageId --stack "$STACK")"
npx ims-image check --expect "$IMAGE_ID" --platform Ubuntu --name-regex '^Ubuntu 22\.04' --image-type gold --supports kvm
