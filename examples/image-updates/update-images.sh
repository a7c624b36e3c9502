#!/usr/bin/env bash
# Scheduled image updates as pull requests: when a locked image is out of date, re-lock it on a
# branch and open (or refresh) a pull request whose body says what changed. For any CI system;
# image-updates.yml runs it on GitHub Actions. Needs git (with push access), gh (logged in, or
# GH_TOKEN) and ims-image, with IMS credentials in the environment as for every ims-image command.
#
#   bash update-images.sh            # in the repository that holds the lock file
#
# Exit codes: 0 up to date or pull request opened, 2 out of date but no newer image to take
# (too old, or nothing matches any more: lock check's table says why), 1 errors.
set -uo pipefail
LOCK_FILE="${IMS_LOCK_FILE:-ims-images.lock.json}"
IMS_IMAGE="${IMS_IMAGE:-npx ims-image}"
BRANCH="${BRANCH:-ims-image-updates}"
BASE="${BASE:-main}"
# Also out of date: a locked image older than this many days (none by default).
MAX_AGE_DAYS="${MAX_AGE_DAYS:-}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 0 up to date, 2 something to update, 1 errors (the table says which entry and region).
$IMS_IMAGE lock check --lock-file "$LOCK_FILE" ${MAX_AGE_DAYS:+--max-age-days "$MAX_AGE_DAYS"} --format markdown > "$work/check.md"
case $? in
  0) echo "all locked images are up to date" >&2; exit 0 ;;
  2) ;;
  *) cat "$work/check.md"; echo "lock check failed" >&2; exit 1 ;;
esac

# Re-resolve and write the lock file; the Markdown is the pull request's body.
$IMS_IMAGE lock update --lock-file "$LOCK_FILE" --format markdown > "$work/body.md" || exit 1
if [ ! -s "$work/body.md" ]; then
  cat "$work/check.md"
  echo "out of date, but no newer image to lock: see the reasons above" >&2
  exit 2
fi
{ echo; echo "<details><summary>lock check before the update</summary>"; echo; cat "$work/check.md"; echo; echo "</details>"; } >> "$work/body.md"

git switch -C "$BRANCH" || exit 1
git add -- "$LOCK_FILE" || exit 1
git -c user.name="${GIT_USER_NAME:-ims-image-updates}" -c user.email="${GIT_USER_EMAIL:-ims-image-updates@users.noreply.github.com}" \
  commit -m "Update IMS images in $LOCK_FILE" -- "$LOCK_FILE" || exit 1
git push --force origin "$BRANCH" || exit 1

# One pull request for the branch: opened once, then kept current.
if gh pr view "$BRANCH" --json number > /dev/null 2>&1; then
  gh pr edit "$BRANCH" --body-file "$work/body.md" || exit 1
else
  gh pr create --base "$BASE" --head "$BRANCH" --title "Update IMS images" --body-file "$work/body.md" || exit 1
fi
